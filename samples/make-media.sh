#!/usr/bin/env bash
# Generates the sample clips in samples/media with ffmpeg's synthetic sources (no media is kept in the repository).
set -euo pipefail
cd "$(dirname "$0")/media"
gen() { [ -s "$1" ] || ffmpeg -hide_banner -loglevel error -y "${@:2}" "$1"; }
# 10 s test card with a running clock, 25 fps, a keyframe every 2 s: the clip the README's examples use.
gen testcard.mp4 -f lavfi -i testsrc=size=640x360:rate=25:duration=10 -c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p
# 30 s of colour bars with a tone, 1280x720: a longer clip for sprites.
gen bars.mp4 -f lavfi -i smptehdbars=size=1280x720:rate=25:duration=30 -f lavfi -i sine=frequency=440:duration=30 \
  -vf "drawbox=x='mod(t*80,1200)':y=620:w=80:h=80:color=white:t=fill" -c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p -c:a aac -shortest
# Anamorphic 720x576 stored, 16:9 displayed.
gen anamorphic.mp4 -f lavfi -i testsrc2=size=720x576:rate=25:duration=5 -vf setsar=64/45 -c:v libx264 -preset veryfast -pix_fmt yuv420p
# Audio only: registers as UploadFail, so the status rules can be tried.
gen tone.m4a -f lavfi -i sine=frequency=440:duration=5 -c:a aac
ls -l "$PWD"

#!/usr/bin/env bash
# Starts the service on its embedded defaults: SQLite and images under ./data, Hangfire in memory,
# http://localhost:5080. Installs ffmpeg when missing and makes the sample clips on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-ffmpeg.sh
[ -n "$(ls samples/media/*.mp4 2>/dev/null)" ] || samples/make-media.sh
exec dotnet run --project src/VodSnapshot.Api -c Release "$@"

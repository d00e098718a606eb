#!/usr/bin/env bash
# Benchmarks the service end to end (submit → callback) against the fastest hand-written ffmpeg command for the same
# output, in the same run, on generated H.264 sources (1080p, 4K, one hour), and prints the ratios, the frames decoded
# against the minimum and the service's peak memory.
#   bench/run.sh [--runs N] [--duration SECONDS] [--only "1 frame,burst"]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-ffmpeg.sh
dotnet build src/VodSnapshot.Api -c Release -v quiet -nologo >/dev/null
exec dotnet run --project bench/VodSnapshot.Bench -c Release -- \
  --service src/VodSnapshot.Api/bin/Release/net10.0/VodSnapshot.Api.dll --work bench/out "$@"

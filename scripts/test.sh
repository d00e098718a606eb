#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests on the real service with real ffmpeg, SQLite and HTTP.
# Installs ffmpeg when missing; the .NET packages come by restore, the Node client of the signature test by npm.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-ffmpeg.sh
scripts/ensure-docker-compose.sh
dotnet test VodSnapshot.sln -c Release --logger "console;verbosity=normal" "$@"

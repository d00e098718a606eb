#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests on the real service with real ffmpeg, SQLite and HTTP.
# Installs ffmpeg, docker-compose (to validate the compose file) and Chromium (the console's browser tests) when
# missing; the .NET packages come by restore, the Node clients of the signature tests and playwright-core by npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-ffmpeg.sh
scripts/ensure-docker-compose.sh
scripts/ensure-chromium.sh
dotnet test VodSnapshot.sln -c Release --logger "console;verbosity=normal" "$@"

#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests on the real service with real ffmpeg, SQLite, PostgreSQL and HTTP.
# Installs ffmpeg, PostgreSQL, docker-compose (to validate the compose file) and Chromium (the console's browser
# tests) when missing; the .NET packages come by restore, the Node clients of the signature tests and playwright-core
# by npm ci. The tests run beside a throwaway PostgreSQL cluster on loopback (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-ffmpeg.sh
scripts/ensure-docker-compose.sh
scripts/ensure-chromium.sh
scripts/with-postgres.sh dotnet test VodSnapshot.sln -c Release --logger "console;verbosity=normal" "$@"

#!/usr/bin/env bash
# Runs every test: unit tests, and integration tests on the real service with real ffmpeg, SQLite, PostgreSQL and HTTP.
# Installs ffmpeg and PostgreSQL when missing; the .NET packages come by restore, the Node client of the signature test
# by npm. The tests run beside a throwaway PostgreSQL cluster on loopback (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-ffmpeg.sh
scripts/with-postgres.sh dotnet test VodSnapshot.sln -c Release --logger "console;verbosity=normal" "$@"

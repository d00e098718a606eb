#!/usr/bin/env bash
# Installs docker-compose from Debian's packages when it is missing: the tests validate docker-compose.yml with
# `docker-compose config`, which parses the file and needs no Docker engine.
set -euo pipefail
if command -v docker-compose >/dev/null 2>&1; then
  exit 0
fi
echo "docker-compose not found: installing it from Debian's packages" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends docker-compose >/dev/null

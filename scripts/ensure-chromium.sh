#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing: the console's browser tests drive /usr/bin/chromium with playwright-core
# (installed by `npm ci` in tests/console-browser); no browser is ever downloaded by npm.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "chromium not found: installing it from Debian's packages" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null

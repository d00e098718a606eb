#!/usr/bin/env bash
# Runs the given command with a throwaway PostgreSQL cluster on loopback, then stops and removes the cluster (also
# when the command fails or is interrupted). The command sees VOD_TEST_POSTGRES, an Npgsql connection string to an
# empty database whose owner may create further databases (each test makes its own).
# Installs PostgreSQL from Debian's packages when it is missing. Without PostgreSQL and outside CI (CI unset), the
# command runs without the cluster and the PostgreSQL tests skip, saying why; in CI they must run.
set -euo pipefail

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

if ! bin=$(find_bin); then
  echo "PostgreSQL not found: installing it from Debian's packages" >&2
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  if $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null; then
    bin=$(find_bin) || true
  fi
fi
if [ -z "${bin:-}" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL could not be installed, and CI requires the PostgreSQL tests to run" >&2
    exit 1
  fi
  echo "PostgreSQL could not be installed: its tests will skip" >&2
  exec "$@"
fi

# initdb and the server refuse to run as root: as root, the cluster belongs to the postgres account.
as_owner=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  as_owner=(runuser -u postgres --)
fi

cluster=$(mktemp -d /tmp/vodsnapshot-pg-XXXXXX)
chmod 755 "$cluster"
mkdir "$cluster/data" "$cluster/socket"
[ ${#as_owner[@]} -eq 0 ] || chown postgres "$cluster/data" "$cluster/socket"

cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port, chosen by the kernel.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

"${as_owner[@]}" "$bin/initdb" -D "$cluster/data" -U vod --auth=trust -E UTF8 --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 \
  || { cat "$cluster/initdb.log" >&2; exit 1; }
# Throwaway data: no fsync, no durability waits; enough connections for two service nodes and the tests.
"${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/socket/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$cluster/socket/server.log" >&2; exit 1; }

export VOD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=vod;Database=postgres;Pooling=true"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for this run" >&2
"$@"

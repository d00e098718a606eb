#!/usr/bin/env bash
# Load test of the RPC surface with wrk: SubmitSnapshotJob at 8, 32 and 64 connections and GetVideoInfo at 32.
# Each row starts the built service (Release) on its own state folder (SQLite, in-memory queues, the default logging),
# registers a tiny clip, warms up (20 s by default: on 2 cores the JIT recompiles the hot paths for most of that
# time), then measures; it prints requests/s, p50, p99 and the service's peak resident memory during the measurement,
# and checks that every answered JobId is stored and that the stored jobs are the
# answered ones plus at most the requests still in flight when wrk stopped. Medians over the runs come last.
#
# The jobs queue behind one media worker (Jobs:MaxConcurrency=1) on a 160x90 two-second clip: every job is real and
# runs ffmpeg, but the work they start takes at most one worker's share of the CPU, so the figures are the submit
# path's (on 2 cores, with wrk on the same machine) and not ffmpeg's.
#   bench/submit-load.sh [--runs N] [--duration S] [--warmup S] [--only "submit 32,info 32"]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3 duration=15 warmup=20 only="submit 8,submit 32,submit 64,info 32"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--duration S] [--warmup S] [--only \"submit 32,info 32\"]" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else sudo apt-get install -y wrk >/dev/null || { sudo apt-get update >/dev/null && sudo apt-get install -y wrk >/dev/null; }; fi
fi
scripts/ensure-ffmpeg.sh
dotnet build src/VodSnapshot.Api -c Release -v quiet -nologo >/dev/null

work=$(mktemp -d)
service=
stop() { if [ -n "$service" ]; then kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true; service=; fi; }
trap 'stop; rm -rf "$work"' EXIT
mkdir -p "$work/media"
ffmpeg -v error -f lavfi -i testsrc2=s=160x90:r=25:d=2 -c:v libx264 -preset veryfast -g 25 "$work/media/clip.mp4"
port=${PORT:-47611}
base="http://127.0.0.1:$port"
rpc="$base/?Version=2017-03-21&Format=JSON"

start() {
  rm -rf "$work/state"
  Storage__Root="$work/state" Media__Roots__0="$work/media" Jobs__MaxConcurrency=1 \
    dotnet src/VodSnapshot.Api/bin/Release/net10.0/VodSnapshot.Api.dll --urls "$base" >"$work/service.log" 2>&1 &
  service=$!
  for _ in $(seq 1 200); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
  curl -sf "$base/healthz" >/dev/null || { echo "service did not start:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
  local metadata
  metadata=$(python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.dumps([{"FileURL": "file://" + sys.argv[1], "Title": "load"}])))' "$work/media/clip.mp4")
  video=$(curl -sf "$rpc&Action=RegisterMedia&RegisterMetadatas=$metadata" | python3 -c 'import json,sys; print(json.load(sys.stdin)["RegisteredMediaList"][0]["MediaId"])')
}

stored() { python3 - "$work/state/vod.db" "$@" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
if len(sys.argv) == 2:
    print(db.execute("SELECT COUNT(*) FROM SnapshotJobs").fetchone()[0])
else:
    ids = [line.strip() for line in open(sys.argv[2]) if line.strip()]
    have = {r[0] for r in db.execute("SELECT Id FROM SnapshotJobs")}
    print(sum(1 for i in ids if i not in have))
PY
}

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$service/status"; }

declare -A results
measure() { # workload connections run
  local kind=$1 connections=$2 url line before after missing peak
  start
  if [ "$kind" = submit ]; then url="$rpc&Action=SubmitSnapshotJob&VideoId=$video&SpecifiedOffsetTime=500&Count=1"
  else url="$rpc&Action=GetVideoInfo&VideoId=$video"; fi
  wrk -t2 -c"$connections" -d"${warmup}s" -s bench/submit-load.lua "$url" >/dev/null
  sleep 1
  before=$(stored)
  echo 5 > "/proc/$service/clear_refs" # resets VmHWM, so the peak is the measurement's
  line=$(WRK_IDS="$work/ids" wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s -s bench/submit-load.lua "$url" | grep '^RESULT')
  peak=$(( $(kib VmHWM) / 1024 ))
  sleep 1
  after=$(stored)
  local ok inflight verdict=ok
  ok=$(sed -E 's/.* ok=([0-9]+).*/\1/' <<<"$line")
  if [ "$kind" = submit ]; then
    missing=$(stored "$work/ids")
    inflight=$(( after - before - ok ))
    if [ "$missing" -ne 0 ] || [ "$inflight" -lt 0 ] || [ "$inflight" -gt "$connections" ]; then verdict=LOST; fi
    line="$line stored=$((after - before)) missing=$missing in_flight_at_stop=$inflight $verdict"
  fi
  stop
  echo "run $3  $kind c=$connections: ${line#RESULT } peak_rss=${peak}MiB  (load $(cut -d' ' -f1-3 /proc/loadavg))"
  results["$kind $connections"]+="$(sed -E 's/.*rps=([0-9.]+) p50=([0-9.]+) p99=([0-9.]+).*/\1 \2 \3/' <<<"$line") $peak;"
  [ "$verdict" = ok ] || { echo "jobs lost: see above" >&2; exit 1; }
}

echo "load before: $(uptime)"
IFS=, read -ra rows <<<"$only"
for run in $(seq 1 "$runs"); do
  for row in "${rows[@]}"; do
    measure $row "$run"
  done
done
echo "load after: $(uptime)"
echo
printf '%-12s %10s %9s %9s %14s\n' workload "req/s" "p50 ms" "p99 ms" "peak RSS MiB"
for row in "${rows[@]}"; do
  python3 - "$row" "${results[$row]}" <<'PY'
import statistics, sys
rows = [list(map(float, r.split())) for r in sys.argv[2].split(";") if r.strip()]
med = [statistics.median(c) for c in zip(*rows)]
print(f"{sys.argv[1]:12} {med[0]:10.0f} {med[1]:9.1f} {med[2]:9.1f} {med[3]:14.0f}   (median of {len(rows)})")
PY
done

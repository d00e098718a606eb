#!/usr/bin/env bash
# Peak memory of the service while the official ali-oss client uploads a large object through the OSS-compatible
# endpoint: once with a simple PutObject streamed from a file, once as a multipart upload (10 MiB parts, 3 at once).
# Prints the service's resident set (VmRSS) before and its peak (VmHWM) after each upload.
#   bench/upload-memory.sh [SIZE_MB]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-200}
port=${PORT:-47519}
work=$(mktemp -d)
dotnet build src/VodSnapshot.Api -c Release -v quiet -nologo >/dev/null
(cd samples/vod-upload && { [ -d node_modules/ali-oss ] || npm ci --no-audit --no-fund >/dev/null; })
head -c "${size_mb}M" /dev/urandom > "$work/upload.mp4"

dotnet src/VodSnapshot.Api/bin/Release/net10.0/VodSnapshot.Api.dll --Urls="http://127.0.0.1:$port" \
  --Storage:Root="$work/state" --Logging:LogLevel:Default=Warning >"$work/service.log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null; wait "$service" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.3; done

mem() { awk -v k="$1" '$1 == k":" { printf "%.1f MiB", $2 / 1024 }' "/proc/$service/status"; }
create() {
  curl -sf "http://127.0.0.1:$port/?Action=CreateUploadVideo&Version=2017-03-21&Format=JSON&Title=bench&FileName=upload.mp4" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.UploadAddress+" "+r.UploadAuth)})'
}

echo "service started: VmRSS $(mem VmRSS), VmHWM $(mem VmHWM)"
read -r address auth < <(create)
start=$(date +%s.%N)
(cd samples/vod-upload && node oss-call.js put "$work/upload.mp4" "$address" "$auth")
echo "put ${size_mb} MiB in $(echo "$(date +%s.%N) - $start" | bc) s: VmRSS $(mem VmRSS), VmHWM $(mem VmHWM)"
read -r address auth < <(create)
start=$(date +%s.%N)
(cd samples/vod-upload && OSS_PART_SIZE=$((10 * 1024 * 1024)) node oss-call.js multipart "$work/upload.mp4" "$address" "$auth")
echo "multipart ${size_mb} MiB in $(echo "$(date +%s.%N) - $start" | bc) s: VmRSS $(mem VmRSS), VmHWM $(mem VmHWM)"

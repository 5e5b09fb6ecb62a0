#!/usr/bin/env bash
# Load test of the public pages with wrk, next to a minimal endpoint of the same build in the same run, plus the
# time to a healthy site on first start (setup recipe + content import) and on a later start.
# Writes the figures to docs/benchmarks.md (between the "pages" markers). Traffic goes to 127.0.0.1 only.
# Usage: tests/load/pages.sh [seconds per run, default 10] [connections, default 32]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
duration="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

dotnet build src/LerendeRegio.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
dll="$root/src/LerendeRegio.Web/bin/Release/net10.0/LerendeRegio.Web.dll"
data="$(mktemp -d /tmp/lr-bench-XXXXXX)"
pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; pid=""; }
trap 'stop; rm -rf "$data"' EXIT

# start <port> <extra env…>: starts the site; sets $pid and $elapsed (milliseconds until /health answers 200).
start() {
  local port="$1"; shift
  local t0; t0=$(date +%s%N)
  env ASPNETCORE_URLS="http://127.0.0.1:$port" LerendeRegio__DataPath="$data" LerendeRegio__BenchmarkEndpoints=true \
    Logging__LogLevel__Default=Warning "$@" dotnet "$dll" >"$data.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$data.log"; exit 1; }
    sleep 0.05
  done
  elapsed=$(( ($(date +%s%N) - t0) / 1000000 ))
}

rate() { # rate <url>: requests/s from a warm-up then a measured wrk run
  wrk -t1 -c"$connections" -d5s "$1" >/dev/null
  wrk -t1 -c"$connections" -d"${duration}s" --latency "$1" | awk '/Requests\/sec/ { print int($2) }'
}

start 5391; first=$elapsed; stop
start 5391; later=$elapsed
plain=$(rate http://127.0.0.1:5391/bench/plain)
home=$(rate http://127.0.0.1:5391/)
detail=$(rate http://127.0.0.1:5391/interventies/mentor4you)
list=$(rate "http://127.0.0.1:5391/interventies?thema=kansen-voor-kinderen")
stop
start 5392 LerendeRegio__OutputCache=false
plain2=$(rate http://127.0.0.1:5392/bench/plain)
detail_uncached=$(rate http://127.0.0.1:5392/interventies/mentor4you)
home_uncached=$(rate http://127.0.0.1:5392/)
stop
start 5393 LerendeRegio__OutputCache=false LerendeRegio__ContentCache=false
plain3=$(rate http://127.0.0.1:5393/bench/plain)
detail_db=$(rate http://127.0.0.1:5393/interventies/mentor4you)
home_db=$(rate http://127.0.0.1:5393/)
stop

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
table=$(cat <<TABLE
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, \`tests/load/pages.sh $duration $connections\` (wrk, 1 thread, $connections connections, ${duration} s per run, after a 5 s warm-up; site and wrk share the machine).

| what | requests/s | vs. minimal endpoint | aim |
|---|---:|---:|---:|
| minimal endpoint \`/bench/plain\` (same build, output cache on) | $plain | 100% | |
| home \`/\`, output cache | $home | $(pct "$home" "$plain") | ≥ 70% |
| detail \`/interventies/mentor4you\`, output cache | $detail | $(pct "$detail" "$plain") | ≥ 70% |
| filtered list \`/interventies?thema=…\`, output cache | $list | $(pct "$list" "$plain") | ≥ 70% |
| minimal endpoint, second instance (output cache off) | $plain2 | 100% | |
| detail, page rendered per request, data from the change-log-invalidated read cache | $detail_uncached | $(pct "$detail_uncached" "$plain2") | ≥ 25% |
| home, page rendered per request, data from the read cache | $home_uncached | $(pct "$home_uncached" "$plain2") | |
| minimal endpoint, third instance (output cache and read cache off) | $plain3 | 100% | |
| detail, database read (3 queries) + render on every request | $detail_db | $(pct "$detail_db" "$plain3") | ≥ 25% |
| home, database reads (6 queries) + render on every request | $home_db | $(pct "$home_db" "$plain3") | |

| start | time to \`/health\` 200 | aim |
|---|---:|---:|
| first start on an empty data folder (migrations, setup recipe, import of $(find content-seed -name '*.json' | wc -l) items) | ${first} ms | < 20 s |
| later start | ${later} ms | < 5 s |
TABLE
)
echo "$table"

file=docs/benchmarks.md
[ -f "$file" ] || printf '# Benchmarks\n\n<!-- pages:start -->\n<!-- pages:end -->\n' > "$file"
python3 - "$file" "$table" <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = re.sub(r"<!-- pages:start -->.*?<!-- pages:end -->", "<!-- pages:start -->\n" + table.replace("\\", "\\\\") + "\n<!-- pages:end -->", text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
PY

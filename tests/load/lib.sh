# Shared by the load scripts (source it): build the site, start and stop it on loopback, measure with wrk, and write a
# section of docs/benchmarks.md. Every script measures next to /bench/plain of the same build, in the same run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet build src/LerendeRegio.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
dll="$root/src/LerendeRegio.Web/bin/Release/net10.0/LerendeRegio.Web.dll"
data="$(mktemp -d /tmp/lr-bench-XXXXXX)"
pid=""
elapsed=0
connections="${connections:-32}"
duration="${duration:-10}"
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; pid=""; }
on_exit_extra() { :; }
trap 'stop; on_exit_extra; rm -rf "$data" "$data.log"' EXIT

# start <port> <extra env…>: starts the site on the data folder; sets $pid and $elapsed (ms until /health is 200).
# wrk comes from one address, so the per-IP API rate limit is raised out of the way (its cost is still measured).
start() {
  local port="$1"; shift
  local t0; t0=$(date +%s%N)
  env ASPNETCORE_URLS="http://127.0.0.1:$port" LerendeRegio__DataPath="$data" LerendeRegio__BenchmarkEndpoints=true \
    LerendeRegio__Api__RequestsPerMinute=10000000 Logging__LogLevel__Default=Warning "$@" dotnet "$dll" >"$data.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$data.log"; exit 1; }
    sleep 0.05
  done
  elapsed=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# measure <seconds> <url>: requests/s of one wrk run; fails when any answer was not 2xx/3xx.
measure() {
  local out; out="$(wrk -t1 -c"$connections" -d"$1s" "$2")"
  if grep -q "Non-2xx or 3xx responses" <<<"$out"; then echo "$2 answered errors under load:" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ { print int($2) }' <<<"$out"
}

# rate <url>: requests/s of a measured run (measure) after a 5 s warm-up.
rate() {
  wrk -t1 -c"$connections" -d5s "$1" >/dev/null
  measure "$duration" "$1"
}

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }

# write_section <marker> <heading> <text>: replaces docs/benchmarks.md between <!-- marker:start/end -->, adding it under
# the heading when it is not there yet.
write_section() {
  python3 - "$root/docs/benchmarks.md" "$1" "$2" "$3" <<'PY'
import re, sys
path, marker, heading, table = sys.argv[1:5]
text = open(path, encoding="utf-8").read()
block = f"<!-- {marker}:start -->\n{table}\n<!-- {marker}:end -->"
pattern = re.compile(rf"<!-- {re.escape(marker)}:start -->.*?<!-- {re.escape(marker)}:end -->", re.S)
text = pattern.sub(lambda m: block, text) if pattern.search(text) else text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
open(path, "w", encoding="utf-8").write(text)
PY
}

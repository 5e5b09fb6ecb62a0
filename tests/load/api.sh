#!/usr/bin/env bash
# Load test of the main read endpoints of the JSON API and the feed with wrk, next to the minimal endpoint
# /bench/plain of the same build in the same run (figures as ratios; see tests/load/pages.sh for the pages).
# Writes the figures to docs/benchmarks.md (between the "api" markers). Traffic goes to 127.0.0.1 only.
# Usage: tests/load/api.sh [seconds per run, default 10] [connections, default 32]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
duration="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

dotnet build src/LerendeRegio.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
dll="$root/src/LerendeRegio.Web/bin/Release/net10.0/LerendeRegio.Web.dll"
data="$(mktemp -d /tmp/lr-bench-api-XXXXXX)"
pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; pid=""; }
trap 'stop; rm -rf "$data" "$data.log"' EXIT

# start <port> <extra env…>: starts the site and waits until /health answers 200. wrk comes from one address, so
# the per-IP rate limit is raised out of the way (its cost per request is still measured).
start() {
  local port="$1"; shift
  env ASPNETCORE_URLS="http://127.0.0.1:$port" LerendeRegio__DataPath="$data" LerendeRegio__BenchmarkEndpoints=true \
    LerendeRegio__Api__RequestsPerMinute=10000000 Logging__LogLevel__Default=Warning "$@" dotnet "$dll" >"$data.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$data.log"; exit 1; }
    sleep 0.05
  done
}

rate() { # rate <url>: requests/s from a warm-up then a measured wrk run; fails when any answer was not 2xx/3xx
  wrk -t1 -c"$connections" -d5s "$1" >/dev/null
  local out; out="$(wrk -t1 -c"$connections" -d"${duration}s" "$1")"
  if grep -q "Non-2xx or 3xx responses" <<<"$out"; then echo "$1 answered errors under load:" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ { print int($2) }' <<<"$out"
}

base=http://127.0.0.1:5394
start 5394
plain=$(rate $base/bench/plain)
item=$(rate $base/api/content/intervention-mentor4you)
list=$(rate "$base/api/content?type=Intervention&thema=kansen-voor-kinderen")
vocabularies=$(rate $base/api/vocabularies)
feed=$(rate $base/feed.atom)
export_csv=$(rate $base/api/export/Intervention.csv)
stop
base=http://127.0.0.1:5395
start 5395 LerendeRegio__OutputCache=false
plain2=$(rate $base/bench/plain)
item_uncached=$(rate $base/api/content/intervention-mentor4you)
list_uncached=$(rate "$base/api/content?type=Intervention&thema=kansen-voor-kinderen")
feed_uncached=$(rate $base/feed.atom)
stop

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
table=$(cat <<TABLE
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, \`tests/load/api.sh $duration $connections\` (wrk, 1 thread, $connections connections, ${duration} s per run, after a 5 s warm-up; site and wrk share the machine).

| what | requests/s | vs. minimal endpoint |
|---|---:|---:|
| minimal endpoint \`/bench/plain\` (same build, output cache on) | $plain | 100% |
| item \`/api/content/intervention-mentor4you\`, output cache | $item | $(pct "$item" "$plain") |
| filtered list \`/api/content?type=Intervention&thema=…\` (20 items), output cache | $list | $(pct "$list" "$plain") |
| \`/api/vocabularies\`, output cache | $vocabularies | $(pct "$vocabularies" "$plain") |
| \`/feed.atom\` (50 entries), output cache | $feed | $(pct "$feed" "$plain") |
| \`/api/export/Intervention.csv\`, output cache | $export_csv | $(pct "$export_csv" "$plain") |
| minimal endpoint, second instance (output cache off) | $plain2 | 100% |
| item, built per request from the read cache (JSON + ETag hash) | $item_uncached | $(pct "$item_uncached" "$plain2") |
| filtered list, built per request from the read cache | $list_uncached | $(pct "$list_uncached" "$plain2") |
| feed, built per request from the read cache | $feed_uncached | $(pct "$feed_uncached" "$plain2") |
TABLE
)
echo "$table"

file=docs/benchmarks.md
grep -q "<!-- api:start -->" "$file" || printf '\n## JSON API and feeds (issue 6)\n\n<!-- api:start -->\n<!-- api:end -->\n' >> "$file"
python3 - "$file" "$table" <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = re.sub(r"<!-- api:start -->.*?<!-- api:end -->", "<!-- api:start -->\n" + table.replace("\\", "\\\\") + "\n<!-- api:end -->", text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
PY

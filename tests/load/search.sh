#!/usr/bin/env bash
# Search at scale: builds a deterministic corpus (default 100 000 items) into our Lucene index, SQLite FTS5 and
# PostgreSQL full-text search, and measures build time, memory and query latency of all three in one run
# (tests/LerendeRegio.Benchmarks, BenchmarkDotNet plus a p50/p99 timing loop). Then loads /api/search over HTTP
# with wrk next to /bench/plain of the same build. Writes to docs/benchmarks.md. Traffic stays on 127.0.0.1.
# Usage: tests/load/search.sh [items, default 100000]   (HTTP_ONLY=1 skips the engine comparison)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
items="${1:-100000}"
bash tests/scripts/ensure-tools.sh
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

pgdir="$(mktemp -d /tmp/lr-bench-pg-XXXXXX)"
data="$(mktemp -d /tmp/lr-bench-site-XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; bash tests/scripts/postgres.sh stop "$pgdir"; rm -rf "$data"; }
trap cleanup EXIT
LERENDEREGIO_BENCH_POSTGRES="$(bash tests/scripts/postgres.sh start "$pgdir")"
export LERENDEREGIO_BENCH_POSTGRES

if [ "${HTTP_ONLY:-0}" != 1 ]; then
  dotnet build tests/LerendeRegio.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
  (cd tests/LerendeRegio.Benchmarks && dotnet bin/Release/net10.0/LerendeRegio.Benchmarks.dll "$items" "$root/docs/benchmarks.md")
fi

# HTTP: the search endpoint on the seeded site next to the minimal endpoint, output cache off (every search runs).
dotnet build src/LerendeRegio.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
env ASPNETCORE_URLS=http://127.0.0.1:5395 LerendeRegio__DataPath="$data" LerendeRegio__BenchmarkEndpoints=true \
  LerendeRegio__OutputCache=false LerendeRegio__Api__RequestsPerMinute=10000000 Logging__LogLevel__Default=Warning \
  dotnet src/LerendeRegio.Web/bin/Release/net10.0/LerendeRegio.Web.dll >"$data.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:5395/api/search?q=school"; do kill -0 "$pid" || { cat "$data.log"; exit 1; }; sleep 0.2; done
rate() { wrk -t1 -c32 -d5s "$1" >/dev/null; wrk -t1 -c32 -d8s "$1" | awk '/Requests\/sec/ { print int($2) }'; }
plain=$(rate http://127.0.0.1:5395/bench/plain)
search=$(rate "http://127.0.0.1:5395/api/search?q=ouderbetrokkenheid%20basisschool")
facets=$(rate "http://127.0.0.1:5395/api/search?q=school&pijler=welzijn")
table=$(cat <<TABLE
Measured $(date -u +%Y-%m-%d), \`tests/load/search.sh\`: wrk (1 thread, 32 connections, 8 s after 5 s warm-up) against the seeded site with
output cache off, so every request runs the search (query, facets with counts, snippets).

| endpoint | requests/s | vs. minimal endpoint | aim |
|---|---:|---:|---:|
| \`/bench/plain\` | $plain | 100% | |
| \`/api/search?q=ouderbetrokkenheid basisschool\` | $search | $(awk -v a="$search" -v b="$plain" 'BEGIN { printf "%.0f%%", 100 * a / b }') | ≥ 40% |
| \`/api/search?q=school&pijler=welzijn\` (a chosen facet: one more count pass) | $facets | $(awk -v a="$facets" -v b="$plain" 'BEGIN { printf "%.0f%%", 100 * a / b }') | ≥ 40% |
TABLE
)
echo "$table"
python3 - docs/benchmarks.md "$table" <<'PY'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
block = "<!-- search-http:start -->\n" + table + "\n<!-- search-http:end -->"
if "<!-- search-http:start -->" in text:
    text = re.sub(r"<!-- search-http:start -->.*?<!-- search-http:end -->", lambda m: block, text, flags=re.S)
else:
    text += "\n### Search over HTTP\n\n" + block + "\n"
open(path, "w", encoding="utf-8").write(text)
PY

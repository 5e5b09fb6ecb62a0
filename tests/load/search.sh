#!/usr/bin/env bash
# Search at scale: builds a deterministic corpus (default 100 000 items) into our Lucene index, SQLite FTS5 and
# PostgreSQL full-text search, and measures build time, memory and query latency of all three in one run
# (tests/LerendeRegio.Benchmarks, BenchmarkDotNet plus a p50/p99 timing loop). Then loads /api/search over HTTP
# with wrk next to /bench/plain of the same build. Writes to docs/benchmarks.md. Traffic stays on 127.0.0.1.
# Usage: tests/load/search.sh [items, default 100000]   (HTTP_ONLY=1 skips the engine comparison)
items="${1:-100000}"
duration=8
source "$(dirname "$0")/lib.sh"
bash tests/scripts/ensure-tools.sh

pgdir="$(mktemp -d /tmp/lr-bench-pg-XXXXXX)"
on_exit_extra() { bash tests/scripts/postgres.sh stop "$pgdir"; }
LERENDEREGIO_BENCH_POSTGRES="$(bash tests/scripts/postgres.sh start "$pgdir")"
export LERENDEREGIO_BENCH_POSTGRES

if [ "${HTTP_ONLY:-0}" != 1 ]; then
  dotnet build tests/LerendeRegio.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
  (cd tests/LerendeRegio.Benchmarks && dotnet bin/Release/net10.0/LerendeRegio.Benchmarks.dll "$items" "$root/docs/benchmarks.md")
fi

# HTTP: the search endpoint on the seeded site next to the minimal endpoint, output cache off (every search runs).
start 5395 LerendeRegio__OutputCache=false
until curl -sf -o /dev/null "http://127.0.0.1:5395/api/search?q=school"; do sleep 0.2; done # index built
plain=$(rate http://127.0.0.1:5395/bench/plain)
search=$(rate "http://127.0.0.1:5395/api/search?q=ouderbetrokkenheid%20basisschool")
facets=$(rate "http://127.0.0.1:5395/api/search?q=school&pijler=welzijn")
# The first request taken apart: its answer without the search, its search without the answer (same API conventions).
answer_only=$(rate "http://127.0.0.1:5395/bench/search-parts/answer?q=ouderbetrokkenheid%20basisschool")
search_only=$(rate "http://127.0.0.1:5395/bench/search-parts/search?q=ouderbetrokkenheid%20basisschool")
# allocated <url>: KB the site allocates per request (its allocation counter before and after a 5 s wrk run); garbage
# collection under load costs in proportion.
allocated() {
  local before after requests
  before=$(curl -sf http://127.0.0.1:5395/bench/allocated)
  requests=$(wrk -t1 -c"$connections" -d5s "$1" | awk '/requests in/ { print $1 }')
  after=$(curl -sf http://127.0.0.1:5395/bench/allocated)
  awk -v a="$before" -v b="$after" -v n="$requests" 'BEGIN { printf "%.0f", (b - a) / n / 1024 }'
}
plain_kb=$(allocated http://127.0.0.1:5395/bench/plain)
search_kb=$(allocated "http://127.0.0.1:5395/api/search?q=ouderbetrokkenheid%20basisschool")
facets_kb=$(allocated "http://127.0.0.1:5395/api/search?q=school&pijler=welzijn")
# The same searches in the process, without HTTP: time and allocation of the search and of writing its answer.
inprocess_search=$(curl -sf "http://127.0.0.1:5395/bench/search/20000?q=ouderbetrokkenheid%20basisschool")
inprocess_facets=$(curl -sf "http://127.0.0.1:5395/bench/search/20000?q=school&pijler=welzijn")
table=$(cat <<TABLE
Measured $(date -u +%Y-%m-%d), \`tests/load/search.sh\`: wrk (1 thread, 32 connections, 8 s after 5 s warm-up) against the seeded site with
output cache off, so every request runs the search (query, facets with counts, snippets). Allocated per request: the site's
own allocation counter (\`/bench/allocated\`) before and after a further 5 s run, divided by its requests.

| endpoint | requests/s | vs. minimal endpoint | aim | allocated per request |
|---|---:|---:|---:|---:|
| \`/bench/plain\` | $plain | 100% | | $plain_kb KB |
| \`/api/search?q=ouderbetrokkenheid basisschool\` | $search | $(pct "$search" "$plain") | ≥ 40% | $search_kb KB |
| its answer alone: \`/bench/search-parts/answer?q=ouderbetrokkenheid basisschool\` (searched once; JSON, ETag and the 9 KB sent per request) | $answer_only | $(pct "$answer_only" "$plain") | | |
| its search alone: \`/bench/search-parts/search?q=ouderbetrokkenheid basisschool\` (searched per request; a one-number answer) | $search_only | $(pct "$search_only" "$plain") | | |
| \`/api/search?q=school&pijler=welzijn\` (a chosen facet: one more count pass) | $facets | $(pct "$facets" "$plain") | ≥ 40% | $facets_kb KB |

In the process, one thread, no HTTP (\`/bench/search/20000?q=…\`, 20 000 calls):
- ouderbetrokkenheid basisschool: $inprocess_search
- school, pijler welzijn: $inprocess_facets
TABLE
)
echo "$table"
write_section search-http "### Search over HTTP" "$table"

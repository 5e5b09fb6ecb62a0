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
# Tiered compilation: for the first seconds under load the site runs code not yet optimised (measured: 8–10 s from
# 3 000 to 20 000 requests/s), so every endpoint is warmed up before anything is measured.
base=http://127.0.0.1:5395
q="q=ouderbetrokkenheid%20basisschool"
for path in bench/plain "api/search?$q" "api/search?q=school&pijler=welzijn" "bench/search-parts/answer?$q" "bench/search-parts/search?$q"; do
  wrk -t1 -c"$connections" -d10s "$base/$path" >/dev/null
done
# The machine is shared: the minimal endpoint alone moved by a third between runs minutes apart. So each endpoint is
# measured in rounds (default 3), right after the minimal endpoint; each round gives a ratio, and the table shows the
# median ratio with the lowest and highest.
rounds="${ROUNDS:-3}"
measured=()
for round in $(seq "$rounds"); do
  measured+=("$(rate "$base/bench/plain") $(rate "$base/api/search?$q") $(rate "$base/api/search?q=school&pijler=welzijn") $(rate "$base/bench/search-parts/answer?$q") $(rate "$base/bench/search-parts/search?$q")")
done
# column <n>: "median requests/s|median ratio (lowest–highest)" of column n (1 is the minimal endpoint) over the rounds.
column() {
  printf '%s\n' "${measured[@]}" | python3 -c '
import statistics, sys
n = int(sys.argv[1]); rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
ratios = sorted(r[n - 1] / r[0] for r in rows)
rates = ", ".join(str(r[n - 1]) for r in rows)
print(f"{int(statistics.median(r[n - 1] for r in rows))} ({rates})|{100 * statistics.median(ratios):.0f}% ({100 * ratios[0]:.0f}–{100 * ratios[-1]:.0f}%)")' "$1"
}
IFS='|' read -r plain plain_pct <<<"$(column 1)"
IFS='|' read -r search search_pct <<<"$(column 2)"
IFS='|' read -r facets facets_pct <<<"$(column 3)"
IFS='|' read -r answer_only answer_only_pct <<<"$(column 4)"
IFS='|' read -r search_only search_only_pct <<<"$(column 5)"
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
Measured $(date -u +%Y-%m-%d), \`tests/load/search.sh\`: wrk (1 thread, 32 connections, 8 s after 5 s warm-up; every endpoint first warmed up for 10 s; $rounds rounds of all endpoints, each after the minimal endpoint: median requests/s (each round's figure), and the median of the rounds' ratios (lowest–highest)) against the seeded site with
output cache off, so every request runs the search (query, facets with counts, snippets). Allocated per request: the site's
own allocation counter (\`/bench/allocated\`) before and after a further 5 s run, divided by its requests.

| endpoint | requests/s | vs. minimal endpoint | aim | allocated per request |
|---|---:|---:|---:|---:|
| \`/bench/plain\` | $plain | 100% | | $plain_kb KB |
| \`/api/search?q=ouderbetrokkenheid basisschool\` | $search | $search_pct | ≥ 40% | $search_kb KB |
| its answer alone: \`/bench/search-parts/answer?q=ouderbetrokkenheid basisschool\` (searched once; JSON, ETag and the 9 KB sent per request) | $answer_only | $answer_only_pct | | |
| its search alone: \`/bench/search-parts/search?q=ouderbetrokkenheid basisschool\` (searched per request; a one-number answer) | $search_only | $search_only_pct | | |
| \`/api/search?q=school&pijler=welzijn\` (a chosen facet: its other values counted in the same pass) | $facets | $facets_pct | ≥ 40% | $facets_kb KB |

In the process, one thread, no HTTP (\`/bench/search/20000?q=…\`, 20 000 calls):
- ouderbetrokkenheid basisschool: $inprocess_search
- school, pijler welzijn: $inprocess_facets
TABLE
)
echo "$table"
write_section search-http "### Search over HTTP" "$table"

#!/usr/bin/env bash
# Load test of the public pages with wrk, next to a minimal endpoint of the same build in the same run, plus the
# time to a healthy site on first start (setup recipe + content import) and on a later start.
# Writes the figures to docs/benchmarks.md (between the "pages" markers). Traffic goes to 127.0.0.1 only.
# Usage: tests/load/pages.sh [seconds per run, default 10] [connections, default 32]
duration="${1:-10}"
connections="${2:-32}"
source "$(dirname "$0")/lib.sh"

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
write_section pages "## Public pages and start-up (issue 2)" "$table"

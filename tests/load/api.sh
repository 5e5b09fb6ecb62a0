#!/usr/bin/env bash
# Load test of the main read endpoints of the JSON API and the feed with wrk, next to the minimal endpoint
# /bench/plain of the same build in the same run (figures as ratios; see tests/load/pages.sh for the pages).
# Writes the figures to docs/benchmarks.md (between the "api" markers). Traffic goes to 127.0.0.1 only.
# Usage: tests/load/api.sh [seconds per run, default 10] [connections, default 32]
duration="${1:-10}"
connections="${2:-32}"
source "$(dirname "$0")/lib.sh"

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
write_section api "## JSON API and feeds (issue 6)" "$table"

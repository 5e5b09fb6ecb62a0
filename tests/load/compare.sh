#!/usr/bin/env bash
# Before and after in one run: builds <base> (a commit) in a temporary worktree next to the working tree, starts both
# sites on their own seeded data folders, and loads each endpoint on both, alternating, in rounds. Prints a Markdown
# table of requests/s per round; writes nothing. Traffic stays on 127.0.0.1.
# Usage: tests/load/compare.sh <base> [path …]   (paths without the leading slash; default: the search endpoints)
# Environment: ROUNDS (3), SECONDS_PER_ROUND (6), OUTPUT_CACHE (false: every request does its work; true: as visitors get pages).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
base="${1:?usage: tests/load/compare.sh <base commit> [path …]}"; shift
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=("bench/plain" "api/search?q=ouderbetrokkenheid%20basisschool" "api/search?q=school&pijler=welzijn")
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_ROUND:-6}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

work="$(mktemp -d /tmp/lr-compare-XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  git worktree remove --force "$work/base" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
git worktree add -q --detach "$work/base" "$base"
for tree in "$work/base" "$root"; do dotnet build "$tree/src/LerendeRegio.Web" -c Release -nologo -clp:ErrorsOnly >/dev/null; done

# site <tree> <port>: starts that tree's build on its own data folder and waits until its search index is built.
site() {
  mkdir -p "$work/data-$2"
  env ASPNETCORE_URLS="http://127.0.0.1:$2" LerendeRegio__DataPath="$work/data-$2" LerendeRegio__BenchmarkEndpoints=true \
    LerendeRegio__Api__RequestsPerMinute=10000000 LerendeRegio__OutputCache="${OUTPUT_CACHE:-false}" Logging__LogLevel__Default=Warning \
    dotnet "$1/src/LerendeRegio.Web/bin/Release/net10.0/LerendeRegio.Web.dll" >"$work/site-$2.log" 2>&1 &
  pids+=($!)
  until curl -sf -o /dev/null "http://127.0.0.1:$2/api/search?q=school"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/site-$2.log"; exit 1; }
    sleep 0.2
  done
}
site "$work/base" 5411
site "$root" 5412

rate() {
  local out; out="$(wrk -t1 -c32 -d"$1" "$2")"
  if grep -q "Non-2xx or 3xx responses" <<<"$out"; then echo "$2 answered errors under load:" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ { print int($2) }' <<<"$out"
}
# Tiered compilation: every endpoint of both sites runs for 10 s before anything is measured.
for port in 5411 5412; do for path in "${paths[@]}"; do rate 10s "http://127.0.0.1:$port/$path" >/dev/null; done; done

declare -A measured
for round in $(seq "$rounds"); do
  for path in "${paths[@]}"; do
    for port in 5411 5412; do measured[$port $path]+="${measured[$port $path]:+, }$(rate "${seconds}s" "http://127.0.0.1:$port/$path")"; done
  done
done
echo "Requests/s per round ($rounds rounds of $seconds s, output cache ${OUTPUT_CACHE:-false}; $(git rev-parse --short "$base") against the working tree of $(git rev-parse --short HEAD)):"
echo
echo "| endpoint | before ($(git rev-parse --short "$base")) | after |"
echo "|---|---:|---:|"
for path in "${paths[@]}"; do echo "| \`/$path\` | ${measured[5411 $path]} | ${measured[5412 $path]} |"; done

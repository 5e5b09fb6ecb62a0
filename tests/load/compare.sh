#!/usr/bin/env bash
# Before and after in one run: builds <base> (a commit) in a temporary worktree next to the working tree, starts both
# sites on their own seeded data folders, and loads each endpoint on both, alternating, in rounds. Prints a Markdown
# table of requests/s per round; writes nothing. Traffic stays on 127.0.0.1.
# Usage: tests/load/compare.sh <base> [path …]   (paths without the leading slash; default: the search endpoints)
# Environment: ROUNDS (3), SECONDS_PER_ROUND (6), OUTPUT_CACHE (false: every request does its work; true: as visitors get pages).
base="${1:?usage: tests/load/compare.sh <base commit> [path …]}"; shift
source "$(dirname "$0")/lib.sh" # builds the working tree; $data is this run's temporary folder
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=("bench/plain" "api/search?q=ouderbetrokkenheid%20basisschool" "api/search?q=school&pijler=welzijn")
rounds="${ROUNDS:-3}"
seconds="${SECONDS_PER_ROUND:-6}"

work="$data"
before_pid=""
on_exit_extra() {
  if [ -n "$before_pid" ]; then kill "$before_pid" 2>/dev/null || true; wait "$before_pid" 2>/dev/null || true; fi
  git worktree remove --force "$work/base" 2>/dev/null || true
  rm -rf "$work"
}
git worktree add -q --detach "$work/base" "$base"
dotnet build "$work/base/src/LerendeRegio.Web" -c Release -nologo -clp:ErrorsOnly >/dev/null

# Each site on its own data folder; both wait until their search index is built.
after_dll="$dll"
dll="$work/base/src/LerendeRegio.Web/bin/Release/net10.0/LerendeRegio.Web.dll" data="$work/before"
start 5411 LerendeRegio__OutputCache="${OUTPUT_CACHE:-false}"
before_pid="$pid"
dll="$after_dll" data="$work/after"
start 5412 LerendeRegio__OutputCache="${OUTPUT_CACHE:-false}"
for port in 5411 5412; do until curl -sf -o /dev/null "http://127.0.0.1:$port/api/search?q=school"; do sleep 0.2; done; done

# Tiered compilation: every endpoint of both sites runs for 10 s before anything is measured.
for port in 5411 5412; do for path in "${paths[@]}"; do measure 10 "http://127.0.0.1:$port/$path" >/dev/null; done; done

declare -A measured
for round in $(seq "$rounds"); do
  for path in "${paths[@]}"; do
    for port in 5411 5412; do measured[$port $path]+="${measured[$port $path]:+, }$(measure "$seconds" "http://127.0.0.1:$port/$path")"; done
  done
done
echo "Requests/s per round ($rounds rounds of $seconds s, output cache ${OUTPUT_CACHE:-false}; $(git rev-parse --short "$base") against the working tree of $(git rev-parse --short HEAD)):"
echo
echo "| endpoint | before ($(git rev-parse --short "$base")) | after |"
echo "|---|---:|---:|"
for path in "${paths[@]}"; do echo "| \`/$path\` | ${measured[5411 $path]} | ${measured[5412 $path]} |"; done

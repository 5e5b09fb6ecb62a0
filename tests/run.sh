#!/usr/bin/env bash
# The whole test suite, on a fresh machine as on a developer's: installs what is missing, starts a real
# PostgreSQL server, builds, and runs the unit, integration (SQLite + PostgreSQL) and browser tests.
# Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~Setup").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bash tests/scripts/ensure-tools.sh

pgdir="$(mktemp -d /tmp/lr-pg-XXXXXX)"
trap 'bash tests/scripts/postgres.sh stop "$pgdir"' EXIT
LERENDEREGIO_TEST_POSTGRES="$(bash tests/scripts/postgres.sh start "$pgdir")" || { cat "$pgdir"/*.log >&2; exit 1; }
export LERENDEREGIO_TEST_POSTGRES
echo "PostgreSQL for the tests: $LERENDEREGIO_TEST_POSTGRES"

dotnet build LerendeRegio.sln -c Release -nologo -clp:ErrorsOnly
log="$(mktemp)"
status=0
dotnet test LerendeRegio.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for every runner that reads it: "N passed, N failed".
awk '/(Passed|Failed)!/ { gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"

#!/usr/bin/env bash
# Newsletter digests: sets up a site (migrations, recipe, seed) in a fresh data folder, then lets
# tests/LerendeRegio.Benchmarks compose and deliver N personalised digests (default 10 000) through the real sender to a
# minimal SMTP sink on 127.0.0.1, next to a bare MailKit loop to the same sink. Writes to docs/benchmarks.md.
# Usage: tests/load/newsletter.sh [digests, default 10000]
count="${1:-10000}"
source "$(dirname "$0")/lib.sh"
start 5396 LerendeRegio__SearchIndex=false
stop
dotnet build tests/LerendeRegio.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet tests/LerendeRegio.Benchmarks/bin/Release/net10.0/LerendeRegio.Benchmarks.dll newsletter "$count" "$data" "$root/docs/benchmarks.md"

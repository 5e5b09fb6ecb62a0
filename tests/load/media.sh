#!/usr/bin/env bash
# Media: all variants of a 12-megapixel camera JPEG (time, peak resident memory, libvips' high-water mark) next to a
# plain NetVips thumbnail of the same file, and the refusal of a 50 000 × 50 000 header. BenchmarkDotNet plus one fresh
# process per operation for its own peak memory. Writes the media section of docs/benchmarks.md.
# Usage: tests/load/media.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
dotnet build tests/LerendeRegio.Benchmarks -c Release -nologo -clp:ErrorsOnly >/dev/null
(cd tests/LerendeRegio.Benchmarks && dotnet bin/Release/net10.0/LerendeRegio.Benchmarks.dll media "$root/docs/benchmarks.md")

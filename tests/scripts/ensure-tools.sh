#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, and nothing when it is already there:
# PostgreSQL (content-core tests on a real server), Chromium (browser tests), a Java runtime (the W3C Nu HTML
# Checker) and the npm packages of tests/tools (vnu-jar, @redocly/cli, @rowanmanning/feed-parser).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# npm ci again whenever package.json or its lock file changed since the last install (a new tool was added),
# not only when node_modules is missing.
tools="$root/tests/tools"
stamp="$tools/node_modules/.lerenderegio-installed"
wanted="$(cat "$tools/package.json" "$tools/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "Installing npm packages of tests/tools"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$wanted" > "$stamp"
fi

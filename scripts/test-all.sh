#!/usr/bin/env bash
# Runs every test of nianbao on a fresh Debian machine with Node 20: installs what is missing
# (Debian packages when run as root, npm packages), builds the client, type-checks, then runs
# the whole vitest suite (unit, property, integration, browser end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."

# --- Debian packages the tests drive: Chromium and CJK fonts for the browser tests,
# poppler-utils for PDF checks.
apt_packages=(chromium fonts-noto-cjk poppler-utils)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "nianbao: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "nianbao: missing Debian packages (${missing[*]}); run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# --- npm packages (exact versions from package-lock.json).
node scripts/ensure-installed.mjs

# --- The built client, which the server serves and the browser tests open.
npx vite build --logLevel warn

# --- Types, then every test. The JSON report gives the plain "N passed, N failed" line.
npx tsc --noEmit -p tsconfig.json
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
node scripts/summarize-tests.mjs test-results/vitest.json || status=1
exit "$status"

#!/usr/bin/env bash
# Installs what the web module's browser test needs: Debian's chromium and the pinned playwright-core.
# Idempotent: does nothing when both are already there. Called from scripts/setup.sh and from the test.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup.sh: chromium is missing and installing it needs root: apt-get install -y chromium" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup.sh: node and npm are missing and installing them needs root: apt-get install -y nodejs npm" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
    # playwright-core never downloads a browser itself; we point it at /usr/bin/chromium.
    (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

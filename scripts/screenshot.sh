#!/usr/bin/env bash
# Regenerates docs/images/quick-fix.png from a real code-server session: the packaged extension
# installed in code-server 4.100.3, case c01 of ../shared/cases open, our warning in the Problems
# panel and the quick-fix menu open. Needs the tools of scripts/install-real-clients.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d "${TMPDIR:-/tmp}/identity-isolation-screenshot-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/infra"
cp ../shared/cases/c01-missing-basic/main.bicep "$WORK/infra/main.bicep"
npx vsce package --no-dependencies --out "$WORK/identity-isolation.vsix" >/dev/null
CODE_SERVER_VSIX="$WORK/identity-isolation.vsix" bash scripts/with-code-server.sh node scripts/screenshot.js "$WORK/infra" main.bicep docs/images/quick-fix.png

#!/usr/bin/env bash
# The extension-host suite (test/vscode) inside code-server 4.100.3 with headless Chromium.
# Needs the bundles and the test build: node scripts/build.js && npx tsc -p .
# --untrusted: workspace trust on, the fixture untrusted, and the Restricted Mode suite instead.
set -euo pipefail
cd "$(dirname "$0")/.."
for built in client/out/extension.js server/out/server.js out/test/vscode/index.js; do
  [ -f "$built" ] || { echo "missing $built: run node scripts/build.js && npx tsc -p ." >&2; exit 3; }
done
WORKSPACE=$(node scripts/prepare-vscode-fixture.js)
trap 'rm -rf "$(dirname "$WORKSPACE")"' EXIT
ENTRY=out/test/vscode/index.js
if [ "${1:-}" = --untrusted ]; then
  export CODE_SERVER_WORKSPACE_TRUST=1
  ENTRY=out/test/vscode/untrusted-index.js
fi
bash scripts/with-code-server.sh node scripts/run-in-code-server.js . "$ENTRY" "$WORKSPACE"

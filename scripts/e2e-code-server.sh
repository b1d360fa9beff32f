#!/usr/bin/env bash
# The extension-host suite (test/vscode) inside code-server 4.100.3 with headless Chromium.
# Needs the bundles and the test build: node scripts/build.js && npx tsc -p .
set -euo pipefail
cd "$(dirname "$0")/.."
for built in client/out/extension.js server/out/server.js out/test/vscode/index.js; do
  [ -f "$built" ] || { echo "missing $built: run node scripts/build.js && npx tsc -p ." >&2; exit 3; }
done
WORKSPACE=$(node scripts/prepare-vscode-fixture.js)
trap 'rm -rf "$(dirname "$WORKSPACE")"' EXIT
bash scripts/with-code-server.sh node scripts/run-in-code-server.js . out/test/vscode/index.js "$WORKSPACE"

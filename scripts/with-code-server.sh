#!/usr/bin/env bash
# Runs a command against a fresh code-server 4.100.3 (installed by scripts/install-real-clients.sh):
# a throw-away profile, a free port (passed on as CODE_SERVER_PORT) and NODE_PATH pointing at
# playwright-core. With CODE_SERVER_VSIX set, that package is installed into the profile first.
# code-server runs in its own process group, killed as a whole afterwards, so no file-watcher
# processes outlive it. Recipe and pitfalls: ../shared/REAL-CLIENTS.md, section 2.
# With CODE_SERVER_WORKSPACE_TRUST=1, workspace trust is on and nothing is trusted: every folder
# opens in Restricted Mode (without it, trust is disabled and every folder is trusted).
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.vscode-test"
CODE_SERVER="$TOOLS/cs/node_modules/.bin/code-server"
[ -x "$CODE_SERVER" ] || { echo "code-server is not installed: run scripts/install-real-clients.sh" >&2; exit 3; }

# Everything of this run lives in one folder, removed afterwards: profile, extensions, the XDG
# folders (code-server writes under ~/.config and ~/.local/share otherwise) and the temporary
# files and sockets of code-server, its extension host and the browser.
RUN=$(mktemp -d "${TMPDIR:-/tmp}/code-server-XXXXXX")
export TMPDIR="$RUN/tmp" XDG_CONFIG_HOME="$RUN/xdg/config" XDG_DATA_HOME="$RUN/xdg/data" XDG_CACHE_HOME="$RUN/xdg/cache"
PROFILE="$RUN/profile"
CODE_SERVER_PID=
cleanup() {
  if [ -n "$CODE_SERVER_PID" ]; then
    kill -TERM -- "-$CODE_SERVER_PID" 2>/dev/null || true
    # Its processes may still write into $RUN while they exit.
    for _ in $(seq 50); do kill -0 -- "-$CODE_SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$RUN"
}
trap cleanup EXIT
# The extensions folder must exist, or the development extension is silently not loaded.
mkdir -p "$TMPDIR" "$PROFILE/user/User" "$PROFILE/extensions"
TRUST_FLAG=--disable-workspace-trust
TRUST_SETTINGS='"security.workspace.trust.enabled": false,'
if [ "${CODE_SERVER_WORKSPACE_TRUST:-}" = 1 ]; then
  TRUST_FLAG=
  TRUST_SETTINGS='"security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never", "security.workspace.trust.emptyWindow": false,'
fi
cat > "$PROFILE/user/User/settings.json" <<JSON
{
  $TRUST_SETTINGS
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off"
}
JSON
if [ -n "${CODE_SERVER_VSIX:-}" ]; then
  "$CODE_SERVER" --user-data-dir "$PROFILE/user" --extensions-dir "$PROFILE/extensions" --install-extension "$CODE_SERVER_VSIX" >/dev/null
fi
PORT=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
LOG="$RUN/code-server.log"

setsid "$CODE_SERVER" --user-data-dir "$PROFILE/user" --extensions-dir "$PROFILE/extensions" \
  --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check $TRUST_FLAG \
  > "$LOG" 2>&1 &
CODE_SERVER_PID=$!

for _ in $(seq 150); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" || { echo "code-server did not start:" >&2; tail -20 "$LOG" >&2; exit 3; }

CODE_SERVER_PORT=$PORT NODE_PATH="$TOOLS/cs/node_modules" "$@"

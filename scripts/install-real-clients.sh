#!/usr/bin/env bash
# Installs the real editor clients the end-to-end suites drive, into git-ignored places:
# Neovim (Debian), and code-server 4.100.3 with Debian's Chromium and playwright-core under
# .vscode-test/ (recipes and pitfalls: ../shared/REAL-CLIENTS.md). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.vscode-test"
export TMPDIR="$TOOLS/tmp"
mkdir -p "$TMPDIR"

need_apt=()
command -v nvim >/dev/null || need_apt+=(neovim)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$TOOLS/cs/node_modules/.bin/code-server" ]; then
  # @vscode/ripgrep's postinstall would fetch from GitHub: hand it Debian's rg from its cache instead.
  cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$staging" rg
  mkdir -p "$TOOLS/cs"
  echo '{"private":true}' > "$TOOLS/cs/package.json"
  (cd "$TOOLS/cs" && npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund code-server@4.100.3 playwright-core@1.65.2 >/dev/null)
fi
echo "real clients ready: $(nvim --version | head -1); code-server $("$TOOLS/cs/node_modules/.bin/code-server" --version | head -1)"

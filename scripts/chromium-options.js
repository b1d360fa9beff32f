// Launch options for Debian's Chromium, headless and quiet: no sandbox (CI runs as root), no GPU,
// no background network traffic that would only time out offline.
function chromiumOptions(extra = {}) {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...extra,
  };
}

module.exports = { chromiumOptions };

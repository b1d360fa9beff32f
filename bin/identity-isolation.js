#!/usr/bin/env node
// Thin launcher so that `npm link` / `npx identity-isolation` find the bundled CLI.
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'server', 'out', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('identity-isolation: the CLI is not built yet. Run `npm run build` first.');
  process.exit(2);
}
require(cli);

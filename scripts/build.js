// Builds the shipped bundles with esbuild and copies the WASM grammars into grammars/.
// `tsc` is the separate type check (and emits the test build into out/).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

function copyGrammars() {
  const target = path.join(root, 'grammars');
  fs.mkdirSync(target, { recursive: true });
  const files = [
    require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'),
    path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
  ];
  for (const file of files) fs.copyFileSync(file, path.join(target, path.basename(file)));
}

async function main() {
  copyGrammars();
  // ESM entry points bundle cleanly (jsonc-parser's UMD build does not); their import.meta.url
  // (web-tree-sitter locates itself with it) is rebuilt from __filename in the CJS bundle.
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    minify: process.argv.includes('--minify'),
    mainFields: ['module', 'main'],
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  };
  const entries = [
    { entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js' },
    // The CLI's `--jobs` threads run this entry; it sits beside cli.js.
    { entryPoints: ['server/src/engine/parallel/worker.ts'], outfile: 'server/out/audit-worker.js' },
  ];
  if (fs.existsSync(path.join(root, 'server/src/lsp/server.ts'))) entries.push({ entryPoints: ['server/src/lsp/server.ts'], outfile: 'server/out/server.js' });
  if (fs.existsSync(path.join(root, 'client/src/extension.ts'))) entries.push({ entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] });
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e, absWorkingDir: root })));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

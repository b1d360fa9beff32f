// Drives the code-server workbench like a user (scripts/screenshot.sh starts it with our extension
// installed): opens a Bicep file, waits for our squiggle, opens the Problems panel and the
// quick-fix menu (Ctrl+.), and saves a screenshot.
//   node scripts/screenshot.js <workspace folder> <file in it> <png>
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { chromiumOptions } = require('./chromium-options');

const [folder, file, output] = process.argv.slice(2);
const authority = `127.0.0.1:${process.env.CODE_SERVER_PORT}`;
const STEP_TIMEOUT_MS = 60_000;

async function main() {
  const browserProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(browserProfile, chromiumOptions({ viewport: { width: 1280, height: 680 } }));
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(path.resolve(folder))}`);
    await page.locator('.monaco-workbench').waitFor();

    await openFile(page, file);
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor();

    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-tl-row', { hasText: 'isolation-scope-missing' }).first().waitFor();

    // Put the cursor on the squiggle (clicking through the text layer above the decoration), then
    // move the mouse away so no hover covers the menu.
    const box = await squiggle.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.move(5, 5);
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget', { hasText: 'isolationScope' }).waitFor();

    fs.mkdirSync(path.dirname(output), { recursive: true });
    await page.screenshot({ path: output });
    console.log(`wrote ${output}`);
  } finally {
    await context.close();
    fs.rmSync(browserProfile, { recursive: true, force: true });
  }
}

/** Expands the folders in the Explorer and clicks the file, as a user would. */
async function openFile(page, relativePath) {
  const segments = relativePath.split('/');
  for (const segment of segments) {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: segment }).first().click();
  }
  await page.locator('.tabs-container .tab.active', { hasText: segments[segments.length - 1] }).waitFor();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { chromium } from 'playwright-core';
import { mkdtempSync } from 'fs';
const [site, outDir] = process.argv.slice(2);
const browser = await chromium.launchPersistentContext(mkdtempSync('/tmp/ud-'), { executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const pages = { home: 'index.html', countries2: 'countries/page/2/index.html', sheet: 'status-sheet/index.html', source: 'sources/source-0001/index.html#q0-129' };
for (const [name, path] of Object.entries(pages)) for (const w of [1280, 390]) for (const scheme of ['light', 'dark']) {
  const page = await browser.newPage(); await page.setViewportSize({ width: w, height: 900 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto('file://' + site + '/' + path);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${outDir}/${name}-${w}-${scheme}.png`, fullPage: name !== 'source' && name !== 'countries2' });
  await page.close();
}
await browser.close();

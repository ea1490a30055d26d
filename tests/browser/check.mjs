// Checks the built site as a reader's browser sees it: axe-core finds no accessibility violation on each kind of
// page, in light and dark colour schemes, at desktop and phone widths; nothing overflows sideways at 390 px; no
// console error (a Content-Security-Policy violation shows up as one). Pages are opened from file://, as the
// offline bundle is. Screenshots of the home and a country page go to the folder given as the second argument.
//
// usage: node check.mjs <site-dir> <screenshot-dir>
import { launch } from './harness.mjs';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [siteDir, shotDir] = process.argv.slice(2).map((p) => resolve(p));
if (!siteDir || !shotDir) {
  console.error('usage: node check.mjs <site-dir> <screenshot-dir>');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

// One page of every kind the site has.
const pages = {
  home: 'index.html',
  countries: 'countries/index.html',
  country: 'countries/angola/index.html',
  'country-with-transfers': 'countries/el-salvador/index.html',
  sources: 'sources/index.html',
  source: 'sources/cbs-angola-equatorial-guinea/index.html',
  topics: 'topics/index.html',
  topic: 'topics/legal-basis/index.html',
  disagreements: 'disagreements/index.html',
  timeline: 'timeline/index.html',
  about: 'about/index.html',
  contribute: 'contribute/index.html',
  'not-found': '404.html',
  search: 'search/index.html',
  data: 'data/index.html',
  'status-sheet': 'status-sheet/index.html',
  corrections: 'corrections/index.html',
};
const shots = new Set(['home', 'country']);
const widths = [1280, 390];
const schemes = ['light', 'dark'];

const browser = await launch();
const failures = [];
let checked = 0;
let failedViews = 0;
try {
  for (const [kind, rel] of Object.entries(pages)) {
    const file = join(siteDir, rel);
    if (!existsSync(file)) {
      failures.push(`${kind}: ${rel} is missing`);
      continue;
    }
    for (const width of widths) {
      for (const scheme of schemes) {
        const label = `${kind} ${width}px ${scheme}`;
        const failuresBefore = failures.length;
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
        const page = await context.newPage();
        const errors = [];
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => { if (!r.url().startsWith('file://')) errors.push(`request outside the site: ${r.url()}`); });
        await page.goto('file://' + file);
        // Evaluated through the DevTools protocol, which the page's CSP does not govern. preload: false stops axe
        // fetching the stylesheets itself, which the policy's connect-src 'none' rightly refuses.
        await page.evaluate(axeSource);
        const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'], preload: false }));
        for (const v of result.violations) {
          const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ');
          failures.push(`${label}: axe ${v.id} (${v.impact}): ${v.help} at ${where}`);
        }
        if (width === 390) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (overflow > 0) failures.push(`${label}: page overflows sideways by ${overflow}px`);
        }
        for (const e of errors) failures.push(`${label}: console: ${e}`);
        if (shots.has(kind)) {
          await page.screenshot({ path: join(shotDir, `${kind}-${width}-${scheme}.png`), fullPage: false });
        }
        checked += 1;
        if (failures.length > failuresBefore) failedViews += 1;
        await context.close();
      }
    }
  }
  // Search works offline: typing finds claims, and a result leads to its page and anchor.
  {
    const failuresBefore = failures.length;
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto('file://' + join(siteDir, 'search/index.html'));
    await page.fill('#search-input', 'equatorial embassy');
    const results = await page.locator('#search-results li').count();
    if (results === 0) failures.push('search: "equatorial embassy" found nothing');
    const status = await page.textContent('#search-status');
    if (!/result/.test(status)) failures.push(`search: status says "${status}"`);
    if (results > 0) {
      await page.locator('#search-results li a').first().click();
      await page.waitForLoadState();
      const url = page.url();
      if (!/\/(countries|topics|sources)\/[a-z-]+\/index\.html(#[a-z0-9-]+)?$|\/timeline\/index\.html#event-[0-9a-f]{8}$/.test(url)) failures.push(`search: first result led to ${url}`);
      if (!(await page.title()).includes('·')) failures.push(`search: the result's page did not load: ${url}`);
    }
    await page.goto('file://' + join(siteDir, 'search/index.html'));
    await page.fill('#search-input', '<img src=x onerror=alert(1)>');
    if (await page.locator('#search-results img').count() > 0) failures.push('search: query text became markup');
    for (const e of errors) failures.push(`search: console: ${e}`);
    await page.close();
    checked += 1;
    if (failures.length > failuresBefore) failedViews += 1;
  }
} finally {
  await browser.close();
}
// `FAIL name: ...` is what the CI's problem matcher (.github/problem-matchers.json) turns into an annotation.
for (const f of failures) console.error(`FAIL browser: ${f.replace(/\n/g, ' ')}`);
// The closing line counts page views (kind x width x scheme) as tests.
console.log(`browser: ${checked - failedViews} passed, ${failedViews} failed`);
process.exit(failures.length ? 1 : 0);

// The offline editions, as a reader opens them (issue 13):
// - the zip, unzipped and opened from file://: every link of the home page leads to a page that loads, with no
//   console error, no Content-Security-Policy violation and no request that leaves the unzipped folder, and every
//   link's anchor exists on its page;
// - the single-file edition: opens with no error and no request, its internal links all land on an element, and
//   Chromium's own --print-to-pdf makes a sane PDF in which every country's name appears (kept in <pdf-dir>).
//
// usage: node editions.mjs <offline.zip> <briefing.html> <pdf-dir>
import { CHROMIUM, FLAGS, launch, tally } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [zipPath, singlePath, pdfDir] = process.argv.slice(2).map((p) => resolve(p));
mkdirSync(pdfDir, { recursive: true });
const { failures, check, finish } = tally('editions');
const browser = await launch();

// A page that records console errors and every request that is not for a file under `root`.
async function watched(context, root) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`script error: ${e}`));
  page.on('request', (r) => { if (!r.url().startsWith('file://' + root)) problems.push(`request outside: ${r.url()}`); });
  return { page, problems };
}

try {
  // The zip, unzipped.
  {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-bundle-'));
    execFileSync('python3', ['-m', 'zipfile', '-e', zipPath, dir]);
    const root = join(dir, 'briefing');
    const home = join(root, 'index.html');
    check(existsSync(home), 'zip: no briefing/index.html');
    const context = await browser.newContext();
    const { page, problems } = await watched(context, root);
    await page.goto('file://' + home);
    const links = await page.evaluate(() => [...new Set([...document.querySelectorAll('a[href]')]
      .map((a) => new URL(a.getAttribute('href'), location.href).href))]);
    check(links.length > 40, `zip: only ${links.length} links on the home page`);
    for (const link of links) {
      if (!link.startsWith('file://')) continue; // the licence's link to its text on the web; never loaded
      const url = new URL(link);
      const before = problems.length;
      const response = await page.goto(link);
      check(response === null || response.ok(), `zip: ${url.pathname} did not load`);
      // Pages have titles; the feed and the data files linked beside them are not pages.
      const isPage = /(\.html|\/)$/.test(url.pathname);
      if (isPage) check((await page.title()).length > 0, `zip: ${url.pathname} has no title`);
      if (url.hash) {
        const id = decodeURIComponent(url.hash.slice(1));
        check(await page.evaluate((i) => !!document.getElementById(i), id), `zip: ${url.pathname} has no #${id}`);
      }
      for (const p of problems.slice(before)) failures.push(`zip: ${url.pathname}: ${p}`);
    }
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // The single-file edition in the browser.
  let countries = [];
  {
    const context = await browser.newContext();
    const root = singlePath;
    const { page, problems } = await watched(context, root);
    await page.goto('file://' + singlePath);
    const broken = await page.evaluate(() => [...document.querySelectorAll('a[href^="#"]')]
      .map((a) => a.getAttribute('href').slice(1)).filter((id) => !document.getElementById(id)));
    check(broken.length === 0, `single file: ${broken.length} links lead nowhere, e.g. #${broken[0]}`);
    check(await page.locator('script').count() === 0, 'single file: it holds a script');
    check(await page.evaluate(() => getComputedStyle(document.querySelector('.badge')).borderRadius !== '0px'),
      'single file: its inline style is not applied (CSP hash?)');
    countries = await page.evaluate(() => [...document.querySelectorAll('#countries table.status th[scope="row"] a')]
      .map((a) => a.textContent.trim()));
    check(countries.length > 20, `single file: only ${countries.length} countries listed`);
    for (const p of problems) failures.push(`single file: ${p}`);
    await context.close();
  }
  // Printed with Chromium's own command line, as a reader's "print to PDF" would.
  {
    const pdf = join(pdfDir, 'briefing.pdf');
    const profile = mkdtempSync(join(tmpdir(), 'briefing-chromium-'));
    execFileSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`, 'file://' + singlePath], { stdio: 'ignore', timeout: 120000 });
    rmSync(profile, { recursive: true, force: true });
    const info = execFileSync('pdfinfo', [pdf]).toString();
    const pages = Number((info.match(/Pages:\s+(\d+)/) || [])[1]);
    check(pages >= 30 && pages <= 250, `print: the single file prints on ${pages} pages`);
    const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, ' ');
    for (const name of countries) check(text.includes(name), `print: ${name} is not in the PDF`);
    check(!text.includes('Skip to content'), 'print: navigation printed');
    // A link's target means nothing on paper: no internal anchors or relative addresses are printed.
    const anchors = (text.match(/#(q\d+-\d+|claim-|ref-|cite-)/g) || []).length;
    check(anchors === 0, `print: the single file prints ${anchors} internal anchors`);
    check(!/\.\.\/sources\//.test(text), 'print: the single file prints relative addresses');
  }
} finally {
  await browser.close();
}
finish();

// Live preview in a real browser: starts `briefing serve` on a free port over a copy of the project, opens a
// country page in headless Chromium, and then
//   1. edits the country's YAML: the page reloads by itself and shows the change;
//   2. breaks a quote (with markup in it): the error overlay appears, naming file:line:column and the help, with
//      the markup shown as text; the page under it is the last good one; axe-core finds no violation in it;
//   3. fixes the quote: the overlay goes away;
//   4. stops the server with SIGINT: it exits with status 0 and leaves no process behind.
// Any console error (a Content-Security-Policy violation shows up as one) fails the test.
//
// usage: node serve.mjs <briefing-binary> <project-dir> <screenshot-dir>
import { launch } from './harness.mjs';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [binary, projectDir, shotDir] = process.argv.slice(2).map((p) => resolve(p));
if (!binary || !projectDir || !shotDir) {
  console.error('usage: node serve.mjs <briefing-binary> <project-dir> <screenshot-dir>');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const work = mkdtempSync(join(tmpdir(), 'briefing-serve-'));
for (const sub of ['content', 'seeds', 'templates']) cpSync(join(projectDir, sub), join(work, sub), { recursive: true });
const yamlPath = join(work, 'content/countries/rwanda.yaml');
const original = readFileSync(yamlPath, 'utf8');
function edit(from, to) {
  const text = readFileSync(yamlPath, 'utf8');
  if (!text.includes(from)) throw new Error(`rwanda.yaml has no ${JSON.stringify(from)}`);
  writeFileSync(yamlPath, text.replace(from, to));
}

const server = spawn(binary, ['--root', work, 'serve', '--port', '0'], {
  env: { ...process.env, NO_COLOR: '1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const exited = new Promise((done) => server.on('exit', (code, signal) => done({ code, signal })));
const url = await new Promise((found, failed) => {
  const lines = createInterface({ input: server.stdout });
  lines.on('line', (line) => {
    const m = line.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) found(m[0]);
  });
  server.on('exit', () => failed(new Error(`serve exited before serving:\n${serverLog}`)));
});

const failures = [];
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`page error: ${e}`));
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} for ${r.url()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(url)) failures.push(`request outside the server: ${r.url()}`); });
  await page.goto(url + 'countries/rwanda/');
  // The script connects once the page has loaded; an edit made before then is still seen (by its generation).
  await page.waitForLoadState('load');
  const heading = () => page.locator('h1').first().textContent();
  if ((await heading()) !== 'Rwanda') failures.push(`first heading: ${await heading()}`);

  // 1. An edit reloads the page.
  let reloaded = page.waitForEvent('load', { timeout: 20000 });
  edit('name: Rwanda', 'name: Rwanda Edited');
  await reloaded;
  if ((await heading()) !== 'Rwanda Edited') failures.push(`after the edit, the heading is ${await heading()}`);

  // 2. A broken quote shows the overlay; markup in the content is shown as text.
  edit('quote: "', 'quote: "<img src=x data-injected>Zzz ');
  const overlay = page.locator('.briefing-live-errors');
  await overlay.waitFor({ state: 'visible', timeout: 20000 });
  const text = await overlay.textContent();
  // Where the broken quote is: the first `quote: "` of the file, its column just after the opening mark.
  const lines = original.split('\n');
  const row = lines.findIndex((l) => l.includes('quote: "'));
  const where = `content/countries/rwanda.yaml:${row + 1}:${lines[row].indexOf('quote: "') + 8}`;
  for (const expected of [where, 'E020', 'quote not found', 'help: the closest passage', '<img src=x data-injected>']) {
    if (!text.includes(expected)) failures.push(`overlay lacks ${JSON.stringify(expected)}:\n${text}`);
  }
  if (await page.locator('img[data-injected]').count() > 0) failures.push('content in the overlay became markup');
  if ((await heading()) !== 'Rwanda Edited') failures.push('the last good page is not the one under the overlay');
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => await window.axe.run({ include: ['.briefing-live-errors'] }, { resultTypes: ['violations'], preload: false }));
  for (const v of axe.violations) failures.push(`overlay: axe ${v.id} (${v.impact}): ${v.help}`);
  await page.screenshot({ path: join(shotDir, 'serve-overlay.png') });

  // 3. The fix removes the overlay (and reloads, if the site changed).
  edit('quote: "<img src=x data-injected>Zzz ', 'quote: "');
  await overlay.waitFor({ state: 'detached', timeout: 20000 });
  await page.waitForLoadState('load');
  if ((await heading()) !== 'Rwanda Edited') failures.push(`after the fix, the heading is ${await heading()}`);
  if (readFileSync(yamlPath, 'utf8') !== original.replace('name: Rwanda', 'name: Rwanda Edited')) failures.push('edits went wrong');
} catch (e) {
  failures.push(String(e));
} finally {
  await browser.close();
}

// 4. A clean stop.
server.kill('SIGINT');
const timer = setTimeout(() => { failures.push('serve did not stop within 10 s of SIGINT'); server.kill('SIGKILL'); }, 10000);
const { code, signal } = await exited;
clearTimeout(timer);
if (code !== 0) failures.push(`serve exited with ${code ?? signal} on SIGINT`);
try {
  process.kill(server.pid, 0);
  failures.push(`process ${server.pid} is still running`);
} catch {
  // Gone, as it should be.
}
rmSync(work, { recursive: true, force: true });

if (failures.length > 0) {
  console.error(failures.join('\n'));
  console.error(`serve's terminal output:\n${serverLog}`);
  process.exit(1);
}
console.log('serve: reload after an edit, error overlay, recovery and clean stop in headless Chromium');

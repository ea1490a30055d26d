// What the browser tests share: Debian's Chromium, started with the flags that keep it offline and quiet
// (Playwright gives each launch a fresh, empty profile of its own), and a tally of checks that ends the run.
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export const launch = () => chromium.launch({ executablePath: CHROMIUM, args: FLAGS });

// `check(ok, message)` counts a check, records its message when it fails and returns `ok`; `finish()` prints the failures and
// the count, and exits non-zero if any check failed.
export function tally(name) {
  const failures = [];
  let checks = 0;
  const check = (ok, message) => { checks += 1; if (!ok) failures.push(message); return ok; };
  const finish = () => {
    // `FAIL name: ...` is what the CI's problem matcher (.github/problem-matchers.json) turns into an annotation.
    for (const f of failures) console.error(`FAIL ${name}: ${f.replace(/\n/g, ' ')}`);
    console.log(`${name}: ${checks - failures.length} passed, ${failures.length} failed`);
    process.exit(failures.length ? 1 : 0);
  };
  return { failures, check, finish };
}

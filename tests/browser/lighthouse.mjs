// Lighthouse (npm, run in Debian's Chromium) on one page of every kind, served over loopback HTTP as a host serves
// them, as a phone and as a desktop: accessibility, best practices and SEO must each score at least 0.98. Only
// those three categories run, with short waits for quiet after the load (the pages are static), so that the whole
// run stays short. Nothing is downloaded.
//
// usage: node lighthouse.mjs <site-dir>
import lighthouse from 'lighthouse';
import { screenEmulationMetrics, userAgents } from 'lighthouse/core/config/constants.js';
import * as chromeLauncher from 'chrome-launcher';
import { resolve } from 'node:path';
import { serve } from './static-host.mjs';
import { CHROMIUM, FLAGS } from './harness.mjs';

const siteDir = resolve(process.argv[2] || '');
const MIN = 0.98;
const CATEGORIES = ['accessibility', 'best-practices', 'seo'];
// The kinds of page, as in check.mjs; the 404 page at its own address (a host answers 404 elsewhere, and
// Lighthouse rightly marks a 404 status down for SEO).
const pages = {
  home: 'index.html',
  countries: 'countries/index.html',
  country: 'countries/rwanda/index.html',
  sources: 'sources/index.html',
  source: 'sources/cbs-angola-equatorial-guinea/index.html',
  topics: 'topics/index.html',
  topic: 'topics/legal-basis/index.html',
  disagreements: 'disagreements/index.html',
  timeline: 'timeline/index.html',
  about: 'about/index.html',
  contribute: 'contribute/index.html',
  'not-found': '404.html',
  search: 'search/index.html?q=deport',
};
const formFactors = {
  mobile: { formFactor: 'mobile', screenEmulation: screenEmulationMetrics.mobile, emulatedUserAgent: userAgents.mobile },
  desktop: { formFactor: 'desktop', screenEmulation: screenEmulationMetrics.desktop, emulatedUserAgent: userAgents.desktop },
};

const server = await serve(siteDir);
// chrome-launcher gives Chromium a fresh profile in a temporary folder and removes it afterwards.
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: FLAGS,
});
const failures = [];
const scores = [];
let runs = 0;
try {
  for (const [kind, rel] of Object.entries(pages)) {
    for (const [form, settings] of Object.entries(formFactors)) {
      const config = {
        extends: 'lighthouse:default',
        settings: {
          ...settings,
          onlyCategories: CATEGORIES,
          // Simulated throttling only changes performance figures, which are not run; any other method makes
          // Lighthouse wait at least 5.25 s for quiet after each load.
          throttlingMethod: 'simulate',
          pauseAfterFcpMs: 1,
          pauseAfterLoadMs: 1,
          networkQuietThresholdMs: 100,
          cpuQuietThresholdMs: 100,
          disableFullPageScreenshot: true,
        },
      };
      const result = await lighthouse(`${server.origin}/${rel}`, { port: chrome.port, logLevel: 'error', output: 'json' }, config);
      runs += 1;
      const { categories, audits, runtimeError } = result.lhr;
      if (runtimeError) failures.push(`${kind} ${form}: Lighthouse could not run: ${runtimeError.message}`);
      const row = [kind, form];
      for (const c of CATEGORIES) {
        const score = categories[c].score;
        row.push(score);
        if (score === null || score < MIN) {
          const failed = categories[c].auditRefs
            .filter((ref) => ref.weight > 0 && audits[ref.id].score !== null && audits[ref.id].score < 1)
            .map((ref) => `${ref.id} (${audits[ref.id].title})`);
          failures.push(`${kind} ${form}: ${c} ${score} < ${MIN}: ${failed.join('; ')}`);
        }
      }
      scores.push(row);
    }
  }
} finally {
  await chrome.kill();
  await server.close();
}
console.log('page kind, form factor, ' + CATEGORIES.join(', '));
for (const row of scores) console.log(row.join(', '));
// `FAIL name: ...` is what the CI's problem matcher (.github/problem-matchers.json) turns into an annotation.
for (const f of failures) console.error(`FAIL lighthouse: ${f.replace(/\n/g, ' ')}`);
const failedRuns = new Set(failures.map((f) => f.split(':')[0])).size;
console.log(`lighthouse: ${runs - failedRuns} passed, ${failedRuns} failed`);
process.exit(failures.length ? 1 : 0);

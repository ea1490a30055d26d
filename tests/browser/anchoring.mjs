// Every Web Annotation of data/annotations.jsonld, anchored on the source's page that it targets, by published Web
// Annotation clients in headless Chromium (issue 21): Apache Annotator (@apache-annotator/dom, which follows
// `refinedBy` from the CssSelector to the text selectors and yields every match) and the Hypothesis-lineage
// dom-anchor-text-quote and dom-anchor-text-position. Each annotation must:
// - have a target on its source's page beside the one on the text file, with the same selectors;
// - anchor exactly once there, by its quotation and by its position, both libraries agreeing;
// - land on the passage the page highlights: the range covers exactly the text marked for one passage, and that
//   passage is emphasised when its anchor is the page's target;
// and the element the annotations select must hold exactly the source's text, inside the page's <article>.
// The clients are bundled with esbuild and put into the page as it is (the page's Content-Security-Policy, which
// allows no such script, is bypassed for them alone).
//
// usage: node anchoring.mjs <site-dir>
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, tally } from './harness.mjs';

const siteDir = resolve(process.argv[2] || '');
const here = dirname(fileURLToPath(import.meta.url));
const { check, finish } = tally('anchoring');

const bundled = await build({
  stdin: {
    contents: `
      export * as quote from 'dom-anchor-text-quote';
      export * as position from 'dom-anchor-text-position';
      export { createCssSelectorMatcher, createTextQuoteSelectorMatcher, createTextPositionSelectorMatcher } from '@apache-annotator/dom';
      export { makeRefinable } from '@apache-annotator/selector';`,
    resolveDir: here,
  },
  bundle: true,
  format: 'iife',
  globalName: 'clients',
  write: false,
  logLevel: 'error',
});
const clients = bundled.outputFiles[0].text;

const collection = JSON.parse(readFileSync(join(siteDir, 'data/annotations.jsonld'), 'utf8'));
const items = collection.first.items;
// Targets are relative to data/, or absolute under the published address, which the collection's own id gives.
const base = collection.id.replace(/data\/annotations\.jsonld$/, '');
const local = (source) => {
  const rel = source.startsWith(base) ? source.slice(base.length) : new URL(source, 'file:///site/data/').pathname.slice('/site/'.length);
  return rel.endsWith('/') ? `${rel}index.html` : rel;
};

check(items.length === collection.total && items.length > 0, `${items.length} annotations for a total of ${collection.total}`);
const byPage = new Map();
for (const a of items) {
  const targets = Array.isArray(a.target) ? a.target : [a.target];
  const text = targets.find((t) => t.source.endsWith('.txt'));
  const page = targets.find((t) => !t.source.endsWith('.txt'));
  if (!check(text && page, `${a.id}: no target on the source's page beside the text file`)) continue;
  const rel = local(page.source);
  if (!byPage.has(rel)) byPage.set(rel, []);
  byPage.get(rel).push({ id: a.id, text, page });
}

const browser = await launch();
let anchored = 0;
try {
  const context = await browser.newContext({ bypassCSP: true });
  for (const [rel, annotations] of [...byPage].sort()) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto('file://' + join(siteDir, rel));
    await page.addScriptTag({ content: clients });
    const results = await page.evaluate(async (annotations) => {
      const { quote, position, makeRefinable, createCssSelectorMatcher, createTextQuoteSelectorMatcher,
        createTextPositionSelectorMatcher } = window.clients;
      const matcherOf = makeRefinable((s) => ({
        CssSelector: createCssSelectorMatcher,
        TextQuoteSelector: createTextQuoteSelectorMatcher,
        TextPositionSelector: createTextPositionSelectorMatcher,
      })[s.type](s));
      const all = async (selector) => {
        const found = [];
        for await (const m of matcherOf(selector)(document)) found.push(m);
        return found;
      };
      // A range's place in an element's text, in characters from the element's start.
      const offsets = (root, range) => {
        const before = document.createRange();
        before.setStart(root, 0);
        before.setEnd(range.startContainer, range.startOffset);
        const start = before.toString().length;
        return [start, start + range.toString().length];
      };
      const transparent = (c) => c === 'rgba(0, 0, 0, 0)' || c === 'transparent';
      const out = [];
      for (const a of annotations) {
        const r = { id: a.id, problems: [] };
        const bad = (m) => r.problems.push(m);
        const [bySelectorQuote, bySelectorPosition] = a.page.selector;
        const css = bySelectorQuote.value;
        const roots = document.querySelectorAll(css);
        if (roots.length !== 1) { bad(`${css} selects ${roots.length} elements`); out.push(r); continue; }
        const root = roots[0];
        const tq = bySelectorQuote.refinedBy;
        const tp = bySelectorPosition.refinedBy;
        // The page's target refines the text file's selectors, unchanged.
        if (JSON.stringify(tq) !== JSON.stringify(a.text.selector.find((s) => s.type === 'TextQuoteSelector'))) bad('the page target quotes differently from the text file target');
        if (JSON.stringify(tp) !== JSON.stringify(a.text.selector.find((s) => s.type === 'TextPositionSelector'))) bad('the page target places differently from the text file target');
        // Apache Annotator: every match of the quotation, and of the position, inside the selected element.
        const quoted = await all(bySelectorQuote);
        const placed = await all(bySelectorPosition);
        if (quoted.length !== 1) bad(`Apache Annotator finds the quotation ${quoted.length} times`);
        if (placed.length !== 1) bad(`Apache Annotator finds the position ${placed.length} times`);
        // Hypothesis's libraries: the quotation (a fuzzy search, scored by its context) and the position.
        const attempt = (name, f) => { try { return f(); } catch (e) { bad(`${name} fails: ${e}`); return null; } };
        // dom-anchor-text-quote finds the place; its own copy of dom-anchor-text-position (4.0, on dom-seek 4)
        // cannot make a range that ends where the text ends, which 5.0 can, so 5.0 makes the range.
        const hq = attempt('dom-anchor-text-quote', () => {
          const found = quote.toTextPosition(root, tq);
          return found && position.toRange(root, found);
        });
        const hp = attempt('dom-anchor-text-position', () => position.toRange(root, tp));
        if (!hq) bad('dom-anchor-text-quote finds no match');
        if (!hp) bad('dom-anchor-text-position finds no range');
        const spans = [quoted[0], placed[0], hq, hp].filter(Boolean).map((range) => offsets(root, range));
        if (new Set(spans.map(String)).size > 1) bad(`the clients disagree: ${JSON.stringify(spans)}`);
        const [start, end] = spans[0] || [-1, -1];
        if (start !== tp.start || end !== tp.end) bad(`anchored at ${start}-${end}, not ${tp.start}-${tp.end}`);
        const range = quoted[0] || hq;
        if (range && range.toString() !== tq.exact) bad(`anchored on "${range.toString()}"`);
        // The highlighted passage under the range: the passage (one of the segment's `data-c`) whose marked
        // segments cover exactly the range.
        const segment = range && range.startContainer.parentElement.closest('[data-c]');
        const passage = segment && segment.dataset.c.split(' ').find((id) => {
          const parts = [...root.querySelectorAll(`[data-c~="${id}"]`)];
          const first = document.createRange();
          first.setStart(parts[0], 0);
          first.setEnd(parts.at(-1), parts.at(-1).childNodes.length);
          return JSON.stringify(offsets(root, first)) === JSON.stringify([start, end]);
        });
        if (!passage) { bad('no highlighted passage covers the range'); out.push(r); continue; }
        location.hash = passage;
        const marked = [...root.querySelectorAll(`[data-c~="${passage}"]`)]
          .every((el) => !transparent(getComputedStyle(el).backgroundColor));
        if (!marked) bad(`passage ${passage} is not emphasised when targeted`);
        r.passage = passage;
        out.push(r);
      }
      return { out };
    }, annotations);
    const text = await page.evaluate((css) => document.querySelector(css)?.textContent ?? null, annotations[0].page.selector[0].value);
    const source = readFileSync(join(siteDir, 'data', local(annotations[0].text.source).replace(/^data\//, '')), 'utf8');
    check(text === source, `${rel}: the text of the element that holds the article is not the source's text`);
    check(await page.evaluate((css) => !!document.querySelector(css)?.closest('article'), annotations[0].page.selector[0].value),
      `${rel}: the text is not inside an <article>`);
    for (const r of results.out) {
      check(r.problems.length === 0, `${rel} ${r.id}: ${r.problems.join('; ')}`);
      if (r.problems.length === 0) anchored += 1;
    }
    check(errors.length === 0, `${rel}: errors in the page: ${errors.join('; ')}`);
    await page.close();
  }
} finally {
  await browser.close();
}
check(anchored === items.length, `only ${anchored} of ${items.length} annotations anchored`);
console.log(`anchoring: ${anchored} of ${items.length} annotations anchored once, on their highlighted passage, on ${byPage.size} pages`);
finish();

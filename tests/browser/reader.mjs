// What a reader relies on, checked in headless Chromium from file:// (issue 10):
// - a reference marker opens a preview of its quotation on keyboard focus, Escape closes it and returns focus; on a
//   touch screen the first tap previews and the second follows the link; without JavaScript the marker leads to the
//   reference list;
// - "Read it in the article" lands on the passage, emphasised over its whole span and scrolled into view with room
//   above it, with what cites it;
// - each distinct quotation has one number and is printed once in the page's visible text (in the reference list);
// - no reader page shows the project's internal words.
//
// usage: node reader.mjs <site-dir>
import { launch, tally } from './harness.mjs';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';

const siteDir = resolve(process.argv[2] || '');
const { failures, check, finish } = tally('reader');

const browser = await launch();
const url = (rel) => 'file://' + join(siteDir, rel);
const country = 'countries/rwanda/index.html';

try {
  // Keyboard: focus opens, Escape closes and gives focus back to the marker.
  {
    const page = await browser.newPage();
    await page.goto(url(country));
    const marker = page.locator('sup.ref a').first();
    const n = await marker.getAttribute('data-ref');
    const quote = (await page.locator(`#ref-${n} .ref-quote`).textContent()).trim();
    await page.locator('h1').click();
    // Tab from the page until the first marker has focus, as a keyboard user would.
    for (let i = 0; i < 200; i += 1) {
      await page.keyboard.press('Tab');
      if (await marker.evaluate((el) => el === document.activeElement)) break;
    }
    check(await marker.evaluate((el) => el === document.activeElement), 'keyboard: Tab never reached the first marker');
    const preview = page.locator('.ref-preview');
    check(await preview.isVisible(), 'keyboard: focusing a marker shows no preview');
    check((await preview.textContent()).includes(quote), 'keyboard: the preview does not show the quotation');
    check((await marker.getAttribute('aria-describedby')) === 'ref-preview', 'keyboard: the marker is not described by its preview');
    await page.keyboard.press('Escape');
    check(await preview.count() === 0, 'keyboard: Escape does not close the preview');
    check(await marker.evaluate((el) => el === document.activeElement), 'keyboard: focus did not return to the marker');
    await page.close();
  }
  // Touch: the first tap previews (the page stays), the second follows the link to the reference.
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(url(country));
    const marker = page.locator('sup.ref a').first();
    const n = await marker.getAttribute('data-ref');
    await marker.tap();
    check(await page.locator('.ref-preview').isVisible(), 'touch: the first tap shows no preview');
    check(!page.url().includes('#ref-'), 'touch: the first tap left the place in the text');
    await marker.tap();
    await page.waitForFunction(() => location.hash.startsWith('#ref-'));
    check(page.url().endsWith(`#ref-${n}`), `touch: the second tap led to ${page.url()}`);
    await context.close();
  }
  // Without JavaScript the marker is a link to the reference list.
  {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url(country));
    const marker = page.locator('sup.ref a').first();
    const n = await marker.getAttribute('data-ref');
    await marker.click();
    check(page.url().endsWith(`#ref-${n}`), `no script: the marker led to ${page.url()}`);
    check(await page.locator(`#ref-${n}`).evaluate((el) => el.matches(':target')), 'no script: the reference is not the target');
    await context.close();
  }
  // From a reference to its passage: emphasised over its whole span, in view with room above, with what cites it.
  {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url(country));
    const link = page.locator('.references .ref-passage').nth(2);
    const quote = (await page.locator('.references li').nth(2).locator('.ref-quote').textContent()).trim();
    await link.click();
    await page.waitForLoadState();
    const anchor = new URL(page.url()).hash.slice(1);
    const state = await page.evaluate((id) => {
      const segments = [...document.querySelectorAll(`.article-text [data-c~="${id}"]`)];
      const plain = document.querySelector('.article-text .cited:not([data-c~="' + id + '"])');
      const bg = (el) => getComputedStyle(el).backgroundColor;
      const transparent = (c) => c === 'rgba(0, 0, 0, 0)' || c === 'transparent';
      const first = segments[0].getBoundingClientRect();
      const note = document.querySelector(`.article-text .by-${id}`);
      return {
        text: segments.map((s) => s.textContent).join(''),
        allMarked: segments.every((s) => !transparent(bg(s))),
        othersQuiet: !plain || transparent(bg(plain)),
        top: first.top,
        height: window.innerHeight,
        // The note's words are drawn by the stylesheet from its links' labels.
        note: note && getComputedStyle(note).display !== 'none'
          ? [...note.querySelectorAll('a')].map((a) => a.getAttribute('aria-label')).join('; ') : '',
      };
    }, anchor);
    const norm = (s) => s.replace(/\s+/g, ' ').trim();
    check(norm(state.text) === norm(quote), `passage: the emphasised text is not the quotation: "${state.text}"`);
    check(state.allMarked, 'passage: part of the targeted passage is not emphasised');
    check(state.othersQuiet, 'passage: another cited passage is emphasised as strongly');
    check(state.top > 60 && state.top < state.height - 40, `passage: not scrolled into view with room above (top ${state.top})`);
    check(state.note.includes('Rwanda'), 'passage: what cites it is not shown beside it');
    // And back to the statement, from the note beside the passage.
    await page.locator(`.article-text .by-${anchor} a[aria-label*="Rwanda"]`).first().click();
    await page.waitForLoadState();
    check(page.url().includes('countries/rwanda/index.html#'), `passage: the way back led to ${page.url()}`);
    await page.close();
  }
  // One distinct quotation, one number, printed once in the visible text; numbers in reading order.
  {
    const page = await browser.newPage();
    for (const rel of ['index.html', country, 'countries/south-sudan/index.html', 'timeline/index.html',
      'disagreements/index.html', 'topics/legal-basis/index.html']) {
      await page.goto(url(rel));
      const r = await page.evaluate(() => {
        const entries = [...document.querySelectorAll('.references li')];
        const quotes = entries.map((li) => li.querySelector('.ref-quote').textContent);
        // The visible text outside the reference list: a quotation must not be printed there too.
        const list = document.querySelector('.references');
        list.hidden = true;
        const text = document.body.innerText;
        list.hidden = false;
        const order = [...document.querySelectorAll('main sup.ref a')].map((a) => Number(a.dataset.ref));
        let max = 0;
        let inOrder = true;
        for (const n of order) { if (n > max + 1) inOrder = false; max = Math.max(max, n); }
        return {
          entries: entries.length,
          distinct: new Set(quotes).size,
          numbers: new Set(order).size,
          printedTwice: quotes.filter((q) => text.includes(q)),
          inOrder,
        };
      });
      check(r.entries > 0, `${rel}: no references`);
      check(r.distinct === r.entries, `${rel}: a quotation has two numbers`);
      check(r.numbers === r.entries, `${rel}: ${r.numbers} numbers in the text for ${r.entries} references`);
      check(r.printedTwice.length === 0, `${rel}: quotation printed more than once: ${r.printedTwice[0]}`);
      check(r.inOrder, `${rel}: reference numbers do not follow reading order`);
    }
    await page.close();
  }
  // Reader pages speak a reader's words: no file names, data words or error codes. The contributors' page may.
  {
    const banned = [/\bseeds?\b/i, /\byaml\b/i, /\.txt\b/i, /\bslugs?\b/i, /\bE0\d\d\b/, /\(flow\)/i, /\bnull\b/,
      /\bno_comment\b|\bnot_reached\b/, /\b(statement|transfer) \d+\b/i, /cbs-angola-equatorial-guinea|africa-europe-negotiations|uganda-honduras-agreements|global-negotiations-overview|wsj-more-third-countries/];
    const walk = (dir) => readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
    const pages = walk(siteDir).filter((p) => p.endsWith('.html')).map((p) => relative(siteDir, p))
      .filter((p) => !p.startsWith('contribute/')).sort();
    const page = await browser.newPage();
    for (const rel of pages) {
      await page.goto(url(rel));
      const text = await page.evaluate(() => document.body.innerText);
      for (const word of banned) {
        const m = text.match(word);
        check(!m, `${rel}: shows the internal word "${m && m[0]}" in "${m && text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}"`);
      }
    }
    check(pages.length > 30, `only ${pages.length} reader pages found`);
    await page.close();
  }
} finally {
  await browser.close();
}
finish();

// The briefing on every screen and on paper (issue 11), in headless Chromium from file://:
// - the map names a country when its row in a status table has keyboard focus, and when the pointer is over it;
// - one tab stop per country on the home page (the tables; the map's links are out of the tab order);
// - small and crowded states are named on the map, and a disputed status marks a state's dot;
// - phones get the destinations as chips by region, with the legend and a caption for touch; every width and
//   scheme gets a caption true of its colours, and countries without a status stand out from plain land;
// - nothing overflows sideways at 320 px, on every kind of page, and tables become cards there;
// - a country page printed to PDF has no navigation, each quotation once, and at most 3 A4 pages;
// - the status sheet prints on one A4 page with every country and its support;
// - garbled words of a source are marked [sic] in quotations, previews and print;
// - a reader reports a mistake through a report about the page, not the contributors' page;
// - tables read as prose: no repeated Region column, no empty transfer cells, statuses as one phrase, no two
//   "Elsewhere" links with the same words.
//
// usage: node layout.mjs <site-dir> <pdf-dir>
import { launch, tally } from './harness.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const siteDir = resolve(process.argv[2] || '');
const pdfDir = resolve(process.argv[3] || 'target/pdf');
mkdirSync(pdfDir, { recursive: true });
const { failures, check, finish } = tally('layout');
const url = (rel) => 'file://' + join(siteDir, rel);

const browser = await launch();
try {
  // The map follows the keyboard through the tables, and the pointer over the map.
  {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url('index.html'));
    const nameShown = (slug) => page.evaluate((s) => {
      const label = document.querySelector(`svg.map .names text[data-country="${s}"], svg.map .callouts g[data-country="${s}"] text`);
      return !!label && getComputedStyle(label).display !== 'none' && label.closest('.hl, .callouts') !== null
        && (label.classList.contains('hl') || label.closest('g.hl') !== null);
    }, slug);
    await page.locator('table.status a[data-country="angola"]').focus();
    check(await nameShown('angola'), 'map: focusing Angola in the table does not name it on the map');
    await page.locator('table.status a[data-country="peru"]').focus();
    check(!(await nameShown('angola')) && await nameShown('peru'), 'map: the name does not follow focus');
    await page.locator('svg.map a[data-country="libya"] path').first().hover();
    check(await nameShown('libya'), 'map: pointing at Libya does not name it');
    // Small states are always named.
    const callouts = await page.locator('svg.map .callouts text').allTextContents();
    // So are crowded ones, whose names in place would collide (the Central American states).
    for (const name of ['Eswatini', 'Kosovo', 'El Salvador', 'Jamaica', 'Rwanda', 'Equatorial Guinea', 'Moldova', 'Guatemala', 'Honduras', 'Panama', 'Costa Rica']) {
      check(callouts.includes(name), `map: ${name} has no callout`);
    }
    // One tab stop per country: count focusable links to each country page.
    const stops = await page.evaluate(() => {
      const counts = {};
      // The status section: the map and the status tables, where each country could be reached twice.
      const section = document.getElementById('status-h').closest('section');
      for (const a of section.querySelectorAll('a[href*="countries/"]')) {
        if (a.tabIndex < 0 || a.closest('[hidden]')) continue;
        const m = a.getAttribute('href').match(/countries\/([a-z-]+)\/index\.html$/);
        if (m) counts[m[1]] = (counts[m[1]] || 0) + 1;
      }
      return counts;
    });
    // A disputed status is marked on a dot too (Eswatini's accounts differ), not only by hatching a shape.
    const dot = await page.evaluate(() => {
      const d = document.querySelector('svg.map .callouts g[data-country="eswatini"] circle');
      return d ? { cls: d.getAttribute('class'), dash: getComputedStyle(d).strokeDasharray } : null;
    });
    check(dot && dot.cls.includes('dispute') && dot.dash !== 'none', `map: Eswatini's disputed dot is not marked (${JSON.stringify(dot)})`);
    const doubled = Object.entries(stops).filter(([, n]) => n > 1).map(([s]) => s);
    check(Object.keys(stops).length > 20, `tab stops: only ${Object.keys(stops).length} countries reachable`);
    check(doubled.length === 0, `tab stops: more than one per country for ${doubled.join(', ')}`);
    await page.close();
  }
  // The map as phones and both colour schemes see it: at 390 px the destinations as chips by region with the
  // legend, and a caption for touch; at 1280 px the map, with a caption for the pointer; in either scheme, a
  // caption true of its colours, and countries without a status distinct from the land around them.
  for (const [width, scheme] of [[390, 'light'], [390, 'dark'], [1280, 'light'], [1280, 'dark']]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(url('index.html'));
    const seen = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
      const fill = (sel) => { const e = document.querySelector(sel); return e && getComputedStyle(e).fill; };
      return {
        map: shown('svg.map'), strip: shown('.map-strip'), legend: shown('.map-figure .legend'),
        chips: [...document.querySelectorAll('.map-strip a')].filter((a) => a.getClientRects().length > 0).length,
        destinations: document.querySelectorAll('table.status tbody tr').length,
        pointer: shown('.map-figure .on-wide'), touch: shown('.map-figure .on-narrow'),
        caption: document.querySelector('.map-figure figcaption').innerText,
        none: fill('svg.map .country.status-none'), land: fill('svg.map .country:not([class*="status-"])'),
      };
    });
    const at = `map at ${width}px ${scheme}`;
    check(seen.legend, `${at}: no legend`);
    check(!/stronger the blue/.test(seen.caption), `${at}: the caption says "the stronger the blue", which the dark scheme reverses`);
    check(seen.none && seen.land && seen.none !== seen.land, `${at}: countries without a status look like plain land (${seen.none})`);
    if (width < 640) {
      check(!seen.map && seen.strip && seen.chips === seen.destinations, `${at}: phones get ${seen.chips} chips for ${seen.destinations} destinations`);
      check(seen.touch && !seen.pointer, `${at}: the caption speaks of pointing at a map phones do not show`);
    } else {
      check(seen.map && !seen.strip, `${at}: the map is not shown, or the chips are`);
      check(seen.pointer && !seen.touch, `${at}: the caption is the phone's`);
    }
    await context.close();
  }
  // Garbled words of a source are marked [sic] in quotations and in their previews, at both widths.
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(url('countries/rwanda/index.html'));
    const marked = () => page.evaluate(() => [...document.querySelectorAll('.sic')]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => [e.textContent, getComputedStyle(e, '::after').content]));
    const inList = await marked();
    check(inList.some(([t, after]) => t === 'RwandaAccording' && after.includes('[sic]')),
      `sic at ${width}px: "RwandaAccording" is not marked in the references (${JSON.stringify(inList)})`);
    const ref = await page.evaluate(() => {
      const li = [...document.querySelectorAll('.references li')].find((l) => l.querySelector('.sic'));
      return li && li.id;
    });
    const marker = page.locator(`sup.ref a[href="#${ref}"]`).first();
    await marker.focus();
    const preview = await page.evaluate(() => [...document.querySelectorAll('.ref-preview .sic')].map((e) => getComputedStyle(e, '::after').content));
    check(preview.some((c) => c.includes('[sic]')), `sic at ${width}px: the preview of ${ref} does not mark the garbled words`);
    await page.close();
  }
  // A reader reports a mistake in a reader's words: a country page's link opens a report about that page (or the
  // page that says how), never the contributors' page of files and error codes; at both widths.
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(url('countries/rwanda/index.html'));
    const links = await page.evaluate(() => ({
      meta: [...document.querySelectorAll('.page-meta a')].map((a) => [a.textContent, a.getAttribute('href')]),
      footer: [...document.querySelectorAll('.site-footer .report a')].filter((a) => a.getClientRects().length > 0).map((a) => a.getAttribute('href')),
    }));
    const report = links.meta.find(([t]) => /what is wrong/i.test(t));
    check(report && !/contribute\//.test(report[1]) && (/issues\/new\?title=Correction%3A%20Rwanda/.test(report[1]) || /corrections\/index\.html$/.test(report[1])),
      `report at ${width}px: the country page's report link is ${JSON.stringify(report)}`);
    check(links.footer.length === 1 && links.footer[0] === report[1], `report at ${width}px: the footer's report link differs (${links.footer})`);
    await page.goto(url('corrections/index.html'));
    const headings = await page.$$eval('main h2', (hs) => hs.map((h) => h.textContent));
    check(headings.includes('What to tell us') && headings.includes('How to send it'), `report at ${width}px: the corrections page lacks its sections (${headings})`);
    await page.close();
  }
  // Tables read as prose, at both widths: no Region column under a region's heading, no empty transfer cells
  // (a phone's card leaves the unstated ones out), an axis's statuses as one phrase, no two links with the same
  // words in a country's "Elsewhere" list.
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(url('countries/index.html'));
    const regionColumn = await page.$$eval('table.status thead th', (ths) => ths.some((th) => th.textContent === 'Region'));
    check(!regionColumn, `tables at ${width}px: the countries index repeats its regions in a column`);
    await page.goto(url('index.html'));
    const cells = await page.evaluate(() => [...document.querySelectorAll('table.flows td')].map((td) => ({
      text: td.innerText.trim(), shown: td.getClientRects().length > 0, unstated: td.classList.contains('unstated'),
    })));
    check(cells.length > 0 && cells.every((c) => c.text !== ''), `tables at ${width}px: the transfers table has empty cells`);
    check(cells.filter((c) => c.unstated).every((c) => c.shown === (width > 640)), `tables at ${width}px: unstated cells are shown on a phone's cards, or hidden on a desk`);
    const axes = await page.$$eval('table.status td:not([data-label="Status"])', (tds) => tds.map((td) => td.innerText));
    check(axes.length > 0 && axes.every((t) => !/[;/]/.test(t)), `tables at ${width}px: statuses joined with ";" or "/"`);
    for (const slug of ['guatemala', 'mexico', 'rwanda']) {
      await page.goto(url(`countries/${slug}/index.html`));
      const labels = await page.$$eval('.mentions a', (as) => as.map((a) => a.textContent));
      check(new Set(labels).size === labels.length, `tables at ${width}px: ${slug}'s "Elsewhere" list repeats a link's words`);
    }
    await page.close();
  }
  // No sideways overflow at 320 px; tables are cards.
  {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 }, isMobile: true });
    const page = await context.newPage();
    for (const rel of ['index.html', 'countries/index.html', 'countries/rwanda/index.html', 'countries/el-salvador/index.html',
      'disagreements/index.html', 'timeline/index.html', 'topics/scale/index.html', 'sources/index.html',
      'sources/uganda-honduras-agreements/index.html', 'about/index.html', 'contribute/index.html', 'search/index.html', '404.html']) {
      await page.goto(url(rel));
      const r = await page.evaluate(() => {
        const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
        const clipped = [...document.querySelectorAll('main *')].filter((el) => {
          const b = el.getBoundingClientRect();
          return b.width > 0 && b.right > document.documentElement.clientWidth + 1 && !el.closest('.table-wrap, svg');
        }).map((el) => el.tagName + '.' + el.className);
        const table = document.querySelector('table.cards tr');
        return { overflow, clipped: clipped.slice(0, 3), cards: !table || getComputedStyle(table).display === 'block' };
      });
      check(r.overflow <= 0, `${rel} at 320px: overflows sideways by ${r.overflow}px`);
      check(r.clipped.length === 0, `${rel} at 320px: cut off: ${r.clipped.join(', ')}`);
      check(r.cards, `${rel} at 320px: tables are not cards`);
    }
    await context.close();
  }
  // Print: a country page to PDF, then its text.
  {
    const page = await browser.newPage();
    await page.goto(url('countries/rwanda/index.html'));
    await page.emulateMedia({ media: 'print' });
    const pdf = join(pdfDir, 'rwanda.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', [pdf]).toString();
    const pages = Number((info.match(/Pages:\s+(\d+)/) || [])[1]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    check(pages > 0 && pages <= 3, `print: Rwanda prints on ${pages} pages (at most 3)`);
    check(!/Overview\s+Countries\s+Timeline/.test(text), 'print: the navigation is printed');
    check(!text.includes('Skip to content'), 'print: the skip link is printed');
    check(text.includes('References'), 'print: the references are missing');
    // On paper a reference names its article and outlet, never a relative address or an anchor; with a
    // published address it prints the passage's.
    check(!/\.\.\/(\.\.\/)?sources\//.test(text) && !/#q\d+-\d+/.test(text.replace(/https?:\S+/g, '')),
      'print: references print relative addresses or anchors');
    check(/Outlet not stated; relays CBS News/.test(text.replace(/\s+/g, ' ')), 'print: a reference does not name its outlet');
    const published = await page.evaluate(() => [...document.querySelectorAll('.ref-passage[data-print]')].map((a) => a.dataset.print));
    check(published.every((u) => text.replace(/\s+/g, '').includes(u.replace(/\s+/g, ''))), 'print: the passages\' published addresses are not printed');
    // Markers of two digits print whole ("10." was cut to "0." by a list's margin), in every numbered list.
    const markers = await page.evaluate(() => [...document.querySelectorAll('main ol')]
      .filter((ol) => (ol.start || 1) + ol.children.length - 1 >= 10 || [...ol.children].some((li) => li.value >= 10))
      .map((ol) => parseFloat(getComputedStyle(ol).paddingLeft) / parseFloat(getComputedStyle(ol).fontSize)));
    check(markers.length > 1 && markers.every((em) => em >= 2.8), `print: two-digit markers have ${markers.map((m) => m.toFixed(1)).join(', ')} em of room`);
    // A garbled word of a source is marked on paper too.
    check(/RwandaAccording\s*\[sic\]/.test(text), 'print: the garbled "RwandaAccording" is not marked [sic]');
    const quote = 'Although a formal agreement is not expected to be signed';
    const flat = text.replace(/\s+/g, ' ');
    check(flat.split(quote).length - 1 === 1, 'print: a quotation is not printed exactly once');
    await page.close();
  }
  // The status sheet: every country's status and support on one A4 page.
  {
    const page = await browser.newPage();
    await page.goto(url('status-sheet/index.html'));
    const names = await page.$$eval('.sheet-table th[scope=row], .sheet-others a', (els) => els.map((e) => e.textContent.trim()));
    await page.emulateMedia({ media: 'print' });
    const pdf = join(pdfDir, 'status-sheet.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    const info = execFileSync('pdfinfo', [pdf]).toString();
    const pages = Number((info.match(/Pages:\s+(\d+)/) || [])[1]);
    check(pages === 1, `print: the status sheet prints on ${pages} A4 pages, not one`);
    const flat = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, ' ');
    check(names.length > 20, `status sheet: only ${names.length} countries`);
    const missing = names.filter((n) => !flat.includes(n));
    check(missing.length === 0, `print: the status sheet leaves out ${missing.join(', ')}`);
    check(flat.includes('unattributed reporting only'), 'print: the status sheet does not say which statuses rest on unattributed reporting');
    await page.close();
  }
} finally {
  await browser.close();
}
finish();

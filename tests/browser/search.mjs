// Search as a reader uses it (issue 11), in headless Chromium, from file:// unless said otherwise:
// - every country's own page comes first for its name ("Rwanda", "El Salvador", ...), also with a typo ("Rwnada");
// - "deport" finds "deportees" (stemming), highlighted;
// - a query with a word no entry has beside the others ("El Salvador prison") still finds, the page it names first,
//   and entries matching every word before those matching fewer; the header's box shows the query;
// - a number is found as the sources write it ("100,000" and "100000" find "$100,000"), highlighted;
// - the header box of any page (home, a country, the 404 page; from file:// and over HTTP) leads to the results;
// - the 404 page, built with a base_url and served at a deep missing address, is styled and its links work;
// - the query is written back to ?q=;
// - snippets are cut between words, and each result carries its kind;
// - neither the query nor the index text can create an element;
// - an index split into parts (as on a large site) is loaded part by part and gives the same results.
//
// usage: node search.mjs <site-dir> <published-site-dir>
// where the second was built with a `base_url` whose path is /briefing/ (it is served there).
import { launch, tally } from './harness.mjs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from './static-host.mjs';

const [siteDir, publishedDir] = process.argv.slice(2).map((p) => resolve(p));
if (!publishedDir || !existsSync(join(publishedDir, '404.html'))) {
  console.error('usage: node search.mjs <site-dir> <published-site-dir> (each a built site)');
  process.exit(2);
}
const { failures, check, finish } = tally('search');

const browser = await launch();
const url = (rel) => 'file://' + join(siteDir, rel);
const server = await serve(siteDir);
const published = await serve(publishedDir, '/briefing/');

async function newPage() {
  const page = await browser.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('dialog', (d) => { page.errors.push(`a dialog opened: ${d.message()}`); d.dismiss(); });
  return page;
}

// The results on the search page: title, address, kind label, snippet, and the highlighted words.
async function results(page) {
  return page.locator('#search-results li').evaluateAll((items) => items.map((li) => {
    const a = li.querySelector('.result-head a');
    const text = li.querySelector('.result-text');
    return {
      title: a.textContent,
      // Relative to the site's root, as the index has it (the search page is one folder down).
      href: a.getAttribute('href').replace(/^\.\.\//, ''),
      kind: li.querySelector('.result-kind')?.textContent || '',
      snippet: text ? text.textContent : '',
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    };
  }));
}

async function search(page, query) {
  await page.fill('#search-input', query);
  await page.waitForFunction(() => !/Type at least|Still loading/.test(document.getElementById('search-status').textContent));
  return results(page);
}

try {
  const page = await newPage();
  await page.goto(url('search/index.html'));
  // Every country of the index, by name: its own page first, labelled as a country.
  const countries = await page.evaluate(() => window.BRIEFING_SEARCH.docs
    .filter((d) => window.BRIEFING_SEARCH.kinds[d[0]] === 'Country').map((d) => ({ name: d[1], href: d[2] })));
  check(countries.length >= 30, `only ${countries.length} countries in the index`);
  for (const c of countries) {
    const r = await search(page, c.name);
    check(r.length > 0 && r[0].href === c.href,
      `"${c.name}": first result is ${r[0] ? `${r[0].title} (${r[0].href})` : 'nothing'}, not the country's page`);
    check(r.length > 0 && r[0].kind.startsWith('Country'), `"${c.name}": first result is labelled "${r[0]?.kind}"`);
  }
  for (const [query, href] of [['Rwanda', 'countries/rwanda/index.html'], ['El Salvador', 'countries/el-salvador/index.html'],
    ['rwanda', 'countries/rwanda/index.html'], ['Rwnada', 'countries/rwanda/index.html'], ['Salvdor', 'countries/el-salvador/index.html']]) {
    const r = await search(page, query);
    check(r[0]?.href === href, `"${query}": first result ${r[0]?.href}, expected ${href}`);
    // After the country, the statements that name it: several results, each with its kind.
    check(r.length > 5 && r.every((x) => /^(Country|Topic|Disagreement|Statement|Transfer|Event|Source article)\b/.test(x.kind)),
      `"${query}": ${r.length} results, kinds ${[...new Set(r.map((x) => x.kind))].join(', ')}`);
  }
  // Then the topics that discuss it, before the single statements.
  for (const query of ['Rwanda', 'South Sudan', 'El Salvador']) {
    const r = await search(page, query);
    const topic = r.findIndex((x) => x.kind === 'Topic');
    const statement = r.findIndex((x) => x.kind === 'Statement');
    check(topic > 0 && topic < statement, `"${query}": the first topic is result ${topic + 1}, the first statement ${statement + 1}`);
  }
  // A typo in a word the index knows does not pull in its neighbours: "Rwanda" does not find Uganda's page.
  {
    const r = await search(page, 'Rwanda');
    check(!r.some((x) => x.href === 'countries/uganda/index.html'), '"Rwanda" finds Uganda\'s page');
  }

  // Forgiving: a word that does not occur with the others drops no result, and the named country's page leads.
  for (const [query, href] of [['El Salvador prison', 'countries/el-salvador/index.html'], ['Rwanda deportation flights', 'countries/rwanda/index.html']]) {
    const r = await search(page, query);
    check(r[0]?.href === href, `"${query}": first result ${r[0]?.href}, expected ${href}`);
    check(r.length > 5, `"${query}": only ${r.length} results`);
    check(await page.inputValue('#site-search-q') === query, `"${query}": the header's box says "${await page.inputValue('#site-search-q')}"`);
  }
  {
    // After the named page, the entries that match more of the words come first; those that miss one are kept.
    const r = await search(page, 'El Salvador prison');
    const texts = await page.evaluate(() => Object.fromEntries(window.BRIEFING_SEARCH.docs.map((d) => [d[2], d[1] + ' ' + d[3]])));
    const matched = r.slice(1).map((x) => [/\bel\b/i, /\bsalvador/i, /\bprison/i].filter((w) => w.test(texts[x.href] ?? '')).length);
    check(matched[0] === 3 && matched.some((n) => n < 3) && matched.every((n, k) => k === 0 || n <= matched[k - 1]),
      `"El Salvador prison": words matched, in result order: ${matched.join(',')}`);
  }

  // Numbers as written: "$100,000" in the text is found by "100,000", "100000" and "$100,000", and marked whole.
  for (const query of ['100,000', '100000', '$100,000']) {
    const r = await search(page, query);
    const paid = r.filter((x) => x.snippet.includes('$100,000'));
    check(paid.length >= 3, `"${query}": ${paid.length} results say "$100,000"`);
    check(paid.every((x) => x.marks.includes('100,000')), `"${query}": "100,000" is not highlighted whole`);
  }

  // Stemming: "deport" finds the entries that say "deportees", with the word highlighted.
  {
    const r = await search(page, 'deport');
    const withDeportees = r.filter((x) => /\bdeportees\b/i.test(x.snippet));
    check(withDeportees.length > 0, '"deport" finds nothing that says "deportees"');
    check(withDeportees.every((x) => x.marks.some((m) => /^deportees$/i.test(m))), '"deportees" is not highlighted in its snippet');
    check(r.every((x) => x.marks.length > 0), '"deport": a result without a highlighted word');
    check(r.every((x) => x.marks.every((m) => /^deport/i.test(m))), `"deport": highlighted ${[...new Set(r.flatMap((x) => x.marks))].join(', ')}`);
  }

  // The query is written back to the address, so that a search can be shared; and read from it.
  {
    await search(page, 'safe third country');
    const q = new URL(page.url()).searchParams.get('q');
    check(q === 'safe third country', `the address says q=${q}`);
    await page.goto(page.url());
    check(await page.inputValue('#search-input') === 'safe third country', 'the shared address does not refill the query');
    check((await results(page)).length > 0, 'the shared address shows no results');
  }

  // Snippets are cut between words: each is a passage of its entry's text that starts and ends at a word's edge.
  {
    const texts = await page.evaluate(() => Object.fromEntries(window.BRIEFING_SEARCH.docs.map((d) => [d[2], d[3].replace(/\s+/g, ' ').trim()])));
    let cut = 0;
    for (const query of ['deport', 'Rwanda', 'El Salvador', 'court', 'agreement money', 'Venezuelans']) {
      for (const r of await search(page, query)) {
        const passage = r.snippet.replace(/^… /, '').replace(/ …$/, '');
        const text = texts[r.href];
        const at = text.indexOf(passage);
        check(at >= 0, `"${query}": the snippet of ${r.href} is not a passage of its text: ${passage}`);
        if (at < 0) continue;
        const before = text.slice(0, at);
        const after = text.slice(at + passage.length);
        if (before || after) cut += 1;
        check(!/[\p{L}\p{N}]$/u.test(before) && !/^[\p{L}\p{N}]/u.test(after),
          `"${query}": the snippet of ${r.href} cuts a word: …${before.slice(-15)}[${passage.slice(0, 20)}…${passage.slice(-20)}]${after.slice(0, 15)}…`);
        check(r.snippet.startsWith('… ') === (before.length > 0) && r.snippet.endsWith(' …') === (after.length > 0),
          `"${query}": the snippet of ${r.href} does not mark where it was cut`);
      }
    }
    check(cut > 10, `only ${cut} snippets were cut: the check saw too few`);
  }

  // Neither the query nor the index's text becomes markup.
  {
    await search(page, '<img src=x onerror=alert(1)>');
    check(await page.locator('#search img, #search b').count() === 0, 'the query became markup');
    const evil = await newPage();
    // Adds an entry whose title and text are markup to the index as its script sets it.
    await evil.addInitScript(() => {
      let index;
      Object.defineProperty(window, 'BRIEFING_SEARCH', {
        configurable: true,
        get: () => index,
        set: (v) => {
          v.docs.push([0, '<img src=x onerror=alert(1)>Zyzzyva', 'index.html', 'Zyzzyva <b>bold</b> <img src=y onerror=alert(2)> text']);
          index = v;
        },
      });
    });
    await evil.goto(url('search/index.html'));
    const r = await search(evil, 'zyzzyva');
    check(r.length === 1 && r[0].title.includes('<img'), `the injected entry shows as ${JSON.stringify(r[0])}`);
    check(r.length === 1 && r[0].snippet.includes('<b>bold</b>'), 'the injected text is not shown as text');
    check(await evil.locator('#search-results img, #search-results b').count() === 0, 'index text became markup');
    check(await evil.locator('#search-results mark').count() === 2, 'the injected entry\'s matches are not highlighted');
    for (const e of evil.errors) failures.push(`search with markup in the index: ${e}`);
    await evil.close();
  }
  for (const e of page.errors) failures.push(`search page: ${e}`);
  await page.close();

  // An index in parts: the same entries, served over HTTP as a first script and two parts, give the same results.
  {
    const whole = await newPage();
    await whole.goto(`${server.origin}/search/index.html`);
    const expected = await search(whole, 'Rwanda');
    const source = await (await whole.request.get(`${server.origin}/static/searchindex.js`)).text();
    await whole.close();
    const split = await newPage();
    const index = JSON.parse(source.replace(/^window\.BRIEFING_SEARCH = /, '').replace(/;\s*$/, ''));
    const docs = index.docs;
    const parts = [docs.slice(10, 100), docs.slice(100)];
    check(parts[1].length > 0, 'too few entries to split the index');
    const head = { ...index, docs: docs.slice(0, 10), parts: ['static/search/1.js', 'static/search/2.js'] };
    await split.route('**/static/searchindex.js', (r) => r.fulfill({ contentType: 'text/javascript', body: `window.BRIEFING_SEARCH = ${JSON.stringify(head)};` }));
    for (const [i, rows] of parts.entries()) {
      await split.route(`**/static/search/${i + 1}.js`, (r) => r.fulfill({ contentType: 'text/javascript',
        body: `(window.BRIEFING_SEARCH_PARTS = window.BRIEFING_SEARCH_PARTS || []).push(${JSON.stringify(rows)});` }));
    }
    await split.goto(`${server.origin}/search/index.html?q=Rwanda`);
    await split.waitForFunction((n) => document.querySelectorAll('#search-results li').length === n
      && !/Still loading/.test(document.getElementById('search-status').textContent), Math.min(expected.length, 50),
    { timeout: 10000 }).catch(() => failures.push('an index in parts: the results never settled'));
    const got = await results(split);
    check(JSON.stringify(got.map((r) => r.href)) === JSON.stringify(expected.map((r) => r.href)),
      `an index in parts gives other results: ${got.slice(0, 3).map((r) => r.href).join(', ')}`);
    for (const e of split.errors) failures.push(`index in parts: ${e}`);
    await split.close();
  }

  // The header box leads to the results from any page, from file:// and over HTTP.
  for (const [base, from] of [[url('/'), 'countries/rwanda/index.html'], [url('/'), 'index.html'], [url('/'), '404.html'],
    [server.origin + '/', 'topics/index.html'], [server.origin + '/', 'missing.html'],
    [published.origin + '/briefing/', 'no/such/page/']]) {
    const p = await newPage();
    const response = await p.goto(base + from);
    if (from.includes('missing') || from.includes('no/such')) {
      check(response.status() === 404, `${base}${from}: status ${response.status()}`);
      // Styled: the stylesheet loaded (the header's border), and every link of the page leads to a page.
      const border = await p.locator('.site-header').evaluate((h) => getComputedStyle(h).borderBottomStyle);
      check(border === 'solid', `${base}${from}: the 404 page is not styled`);
      const links = await p.locator('a[href]').evaluateAll((as) => as
        .filter((a) => !a.getAttribute('href').startsWith('#') && a.href.startsWith('http://127.')).map((a) => a.href));
      check(links.length > 8, `${base}${from}: only ${links.length} links`);
      for (const href of links) {
        const r = await p.request.get(href.split('#')[0]);
        check(r.status() === 200, `${base}${from}: its link ${href} gives ${r.status()}`);
      }
    }
    await p.fill('#site-search-q', 'El Salvador');
    await Promise.all([p.waitForURL(/\/search\/index\.html\?q=/), p.press('#site-search-q', 'Enter')]);
    await p.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0);
    const r = await results(p);
    check(r[0]?.href === 'countries/el-salvador/index.html', `header box on ${base}${from}: first result ${r[0]?.href}`);
    // The result's link works from here.
    await Promise.all([p.waitForLoadState(), p.locator('#search-results a').first().click()]);
    check(/\/countries\/el-salvador\/index\.html$/.test(p.url()), `header box on ${base}${from}: the result led to ${p.url()}`);
    // Chromium logs the 404 page's own status as an error.
    for (const e of p.errors.filter((e) => !(response.status() === 404 && /status of 404/.test(e)))) {
      failures.push(`header box on ${base}${from}: ${e}`);
    }
    await p.close();
  }
} finally {
  await browser.close();
  await server.close();
  await published.close();
}
finish();

// The sources' CSL-JSON (data/sources.json) as a reference manager prints it: citeproc-js (npm `citeproc`) renders
// it in APA 7th edition, the style file as the Citation Style Language project publishes it (carried by the npm
// package @citation-js/plugin-csl, with the en-US locale), and the bibliography must give, for every source:
// its title, in square brackets when the briefing supplied it (the article states none), never a supplied title
// printed as a headline; its outlet where the article states one, and the original reporting it relays; its
// date, marked approximate ("ca.") when inferred; and its address on the published site. The item itself keeps
// to what Zotero reads: a language code, family and given names, and no `Key: value` line in `note`.
//
// usage: node csl.mjs <site-dir>
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tally } from './harness.mjs';

const require = createRequire(import.meta.url);
const CSL = require('citeproc');
const styles = require('@citation-js/plugin-csl/lib/styles.json');
const locales = require('@citation-js/plugin-csl/lib/locales.json');

const siteDir = resolve(process.argv[2] || '');
const { check, finish } = tally('csl');
const items = JSON.parse(readFileSync(join(siteDir, 'data/sources.json'), 'utf8'));
const table = JSON.parse(readFileSync(join(siteDir, 'data/sources-table.json'), 'utf8'));
const byId = Object.fromEntries(items.map((i) => [i.id, i]));

check(styles.apa.includes('<title>APA Style 7th edition</title>'), 'the style is not APA 7th edition');
const engine = new CSL.Engine({ retrieveLocale: () => locales['en-US'], retrieveItem: (id) => byId[id] }, styles.apa);
engine.setOutputFormat('text');
engine.updateItems(Object.keys(byId));
const [, entries] = engine.makeBibliography();
const rendered = Object.fromEntries(engine.registry.getSortedIds().map((id, k) => [id, entries[k].trim()]));
check(entries.length === table.length && table.length > 0, `${entries.length} references for ${table.length} sources`);

for (const s of table) {
  const item = byId[s.id];
  const entry = rendered[s.id] || '';
  if (!check(item && entry, `${s.id}: no CSL item or no reference`)) continue;
  console.log(entry);
  if (s.title_basis === 'inferred') {
    check(entry.startsWith(`[${s.title}]`), `${s.id}: the supplied title is not in square brackets: ${entry}`);
  } else {
    check(entry.startsWith(s.title) && !entry.startsWith('['), `${s.id}: the article's own title is not printed as it is: ${entry}`);
  }
  if (s.publisher !== null) {
    check(entry.includes(s.publisher), `${s.id}: the outlet ${s.publisher} is not printed: ${entry}`);
  } else {
    check(item['container-title'] === undefined && item.publisher === undefined, `${s.id}: an outlet is given that the article does not state`);
  }
  for (const name of s.relay_names || []) {
    check(entry.includes(name), `${s.id}: the original reporting of ${name} is not printed: ${entry}`);
  }
  const year = s.published.slice(0, 4);
  check(entry.includes(s.published_basis === 'inferred' ? `(ca. ${year}` : `(${year}`), `${s.id}: the date is not printed as ${s.published_basis}: ${entry}`);
  check(typeof item.URL === 'string' && item.URL.startsWith('http') && entry.includes(item.URL), `${s.id}: no absolute address printed: ${entry}`);
  check(/^[a-z]{2,3}(-[A-Z]{2})?$/.test(item.language || ''), `${s.id}: language ${item.language} is not a code`);
  check(!(item.note || '').split('\n').some((line) => /^\s*[A-Za-z][A-Za-z -]*:\s/.test(line)), `${s.id}: a note line reads as a Zotero field`);
  for (const a of item.author || []) check(a.family && a.given, `${s.id}: an author without family and given names`);
}
finish();

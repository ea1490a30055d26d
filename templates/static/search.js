// Offline search with MiniSearch (static/minisearch.js, MIT licence beside it) over the entries of
// static/searchindex.js, a script that sets window.BRIEFING_SEARCH (fetch() fails from file://). Its other parts are
// loaded one after another as scripts too. Ranking: words in written titles weigh more than in text, and each kind
// of entry has a boost from the index (a country's own page first, then topics, then statements); an entry whose
// title is the query itself comes first. Numbers are found as written ("100,000") or without commas. Words are stemmed lightly ("deport" finds "deportees"), the last letters of a word
// may be missing, and a longer word that the index does not know may have a typo. The query is written to ?q= so
// that a search can be shared.
// Results are built with DOM methods, never as HTML strings, so neither the index nor the query can inject markup.
(function () {
  'use strict';
  var box = document.getElementById('search');
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var root = box.getAttribute('data-root') || '';
  var index = window.BRIEFING_SEARCH;
  var LIMIT = 50;
  var SNIPPET_WORDS = 32;
  // A word: letters and digits, or a number as written with its thousands grouped ("$100,000" is the number
  // 100,000, found by "100,000" and by "100000"). A currency sign or a % is not part of it.
  var WORD = /\p{N}{1,3}(?:,\p{N}{3})+|[\p{L}\p{N}]+/gu;
  var STOP = new Set(('a an and are as at be by for from had has have he her his in is it its of on or she that the ' +
    'their they this to was were which who will with').split(' '));
  // Suffixes stripped, longest first, when at least three letters remain: deportees, deportation, deported -> deport.
  var SUFFIXES = [['ations', ''], ['ation', ''], ['ings', ''], ['ing', ''], ['ies', 'y'], ['ees', ''], ['ee', ''],
    ['ed', ''], ['s', '']];

  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function stem(word) {
    if (/(ss|us|is)$/.test(word)) return word;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i][0];
      if (word.length - s.length >= 3 && word.slice(-s.length) === s) return word.slice(0, -s.length) + SUFFIXES[i][1];
    }
    return word;
  }

  function tokenize(text) {
    return text.match(WORD) || [];
  }

  // One term as the index keeps it, or null for a word too common or too short to search by. A number is kept
  // whole, however short ("$1 million"), without its commas.
  function processTerm(term) {
    var t = fold(term);
    if (/^[\p{N},]+$/u.test(t)) return t.replace(/,/g, '');
    if (t.length < 2 || STOP.has(t)) return null;
    return stem(t);
  }

  function show(message) {
    status.textContent = message;
    list.textContent = '';
  }

  if (!index || typeof MiniSearch === 'undefined') {
    show('The search index could not be loaded.');
    return;
  }

  var docs = [];
  var engine = new MiniSearch({
    // A generated label ("Rwanda: context") is searched as text, not as a title (see SearchKind::titled).
    fields: ['title', 'label', 'text'],
    extractField: function (doc, field) {
      if (field === 'title') return index.titled[doc.kind] ? doc.title : '';
      if (field === 'label') return index.titled[doc.kind] ? '' : doc.title;
      return doc[field];
    },
    tokenize: tokenize,
    processTerm: processTerm,
    searchOptions: {
      boost: { title: 3 },
      // Any word may match: an entry that matches every word ranks first (see render), but one that misses a word
      // ("El Salvador prison", where no entry says "prison" of El Salvador's page) is not dropped.
      combineWith: 'OR',
      prefix: function (term) { return term.length >= 3; },
      fuzzy: function (term) { return known(term) ? 0 : term.length >= 6 ? 2 : term.length >= 4 ? 1 : 0; },
      boostDocument: function (id) { return index.boosts[docs[id].kind] || 1; }
    }
  });

  // Typos are tolerated only in a word that the index does not know, as a word or the start of one: "Rwnada" finds
  // Rwanda, and "Rwanda" does not also find Uganda.
  var knownTerms = new Map();
  function known(term) {
    if (!knownTerms.has(term)) {
      var found = engine.search(term, { processTerm: function (t) { return t; }, fuzzy: false, boostDocument: null });
      knownTerms.set(term, found.length > 0);
    }
    return knownTerms.get(term);
  }

  function add(rows) {
    knownTerms.clear();
    var batch = rows.map(function (r) {
      var doc = { id: docs.length, kind: r[0], title: r[1], url: r[2], text: r[3].replace(/\s+/g, ' ').trim(), detail: r[4] };
      docs.push(doc);
      return doc;
    });
    engine.addAll(batch);
  }

  // Appends `text` to `parent`, each word whose indexed form is in `terms` wrapped in <mark>.
  function appendMarked(parent, text, terms) {
    var last = 0;
    text.replace(WORD, function (word, at) {
      var t = processTerm(word);
      if (t !== null && terms.has(t)) {
        if (at > last) parent.appendChild(document.createTextNode(text.slice(last, at)));
        var mark = document.createElement('mark');
        mark.textContent = word;
        parent.appendChild(mark);
        last = at + word.length;
      }
      return word;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // A passage of the text around its first matching word, cut only where the text has a space, so that no word
  // (nor "U.S.-Mexico" or "Albania's") is cut.
  function snippet(text, terms) {
    var chunks = [];
    var m;
    var SPACED = /\S+/g;
    while ((m = SPACED.exec(text)) !== null) chunks.push({ at: m.index, end: m.index + m[0].length, text: m[0] });
    if (chunks.length <= SNIPPET_WORDS) return { text: text, before: false, after: false };
    var first = 0;
    scan: for (var i = 0; i < chunks.length; i++) {
      var words = chunks[i].text.match(WORD) || [];
      for (var j = 0; j < words.length; j++) {
        var t = processTerm(words[j]);
        if (t !== null && terms.has(t)) { first = i; break scan; }
      }
    }
    var from = Math.max(0, Math.min(first - 8, chunks.length - SNIPPET_WORDS));
    var to = from + SNIPPET_WORDS - 1;
    var start = chunks[from].at;
    var end = chunks[to].end;
    return { text: text.slice(start, end), before: start > 0, after: end < text.length };
  }

  function render(query) {
    var hits = engine.search(query);
    var exact = fold(query).trim();
    // A title that is the query itself (a country's name) comes first; then a page whose written title the query
    // names ("El Salvador prison": El Salvador's page); then the entries that match more of the query's words;
    // then by score.
    var words = ' ' + exact.split(/[^\p{L}\p{N}]+/u).join(' ') + ' ';
    hits.forEach(function (h, i) {
      var doc = docs[h.id];
      var title = fold(doc.title);
      h.rank = i;
      h.exact = title === exact;
      h.named = index.titled[doc.kind] && words.indexOf(' ' + title.split(/[^\p{L}\p{N}]+/u).join(' ') + ' ') >= 0;
      h.words = h.queryTerms.length;
    });
    hits.sort(function (a, b) {
      return (b.exact - a.exact) || (b.named - a.named) || (b.words - a.words) || (a.rank - b.rank);
    });
    list.textContent = '';
    status.textContent = hits.length === 0 ? 'Nothing found.'
      : hits.length + (hits.length === 1 ? ' result' : ' results') + (hits.length > LIMIT ? ', first ' + LIMIT + ' shown.' : '.');
    hits.slice(0, LIMIT).forEach(function (h) {
      var doc = docs[h.id];
      var terms = new Set(h.terms);
      var li = document.createElement('li');
      var head = document.createElement('p');
      head.className = 'result-head';
      var a = document.createElement('a');
      a.href = root + doc.url;
      appendMarked(a, doc.title, terms);
      var kind = document.createElement('span');
      kind.className = 'result-kind';
      kind.textContent = index.kinds[doc.kind] + (doc.detail ? ' · ' + doc.detail : '');
      head.appendChild(a);
      head.appendChild(document.createTextNode(' '));
      head.appendChild(kind);
      li.appendChild(head);
      if (doc.text) {
        var cut = snippet(doc.text, terms);
        var p = document.createElement('p');
        p.className = 'result-text';
        if (cut.before) p.appendChild(document.createTextNode('… '));
        appendMarked(p, cut.text, terms);
        if (cut.after) p.appendChild(document.createTextNode(' …'));
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  // Writes the query to the address (?q=), so that it can be shared; kept silent where the browser refuses.
  function remember(query) {
    var url = window.location.pathname + (query ? '?q=' + encodeURIComponent(query) : '') + window.location.hash;
    try {
      window.history.replaceState(null, '', url);
    } catch (e) {
      // Some browsers refuse to rewrite file:// addresses; the search itself still works.
    }
  }

  var loading = index.parts.length > 0;

  // The header's search box on this page shows the query too.
  var headerBox = document.getElementById('site-search-q');

  function run() {
    var query = input.value;
    if (headerBox) headerBox.value = query;
    remember(query.trim());
    var letters = query.replace(/[^\p{L}\p{N}]/gu, '');
    if (letters.length < 2) {
      show('Type at least two letters.');
      return;
    }
    render(query);
    if (loading) status.textContent += ' Still loading part of the index…';
  }

  // Loads the other parts of the index one after another, searching again as each arrives.
  function loadPart(i) {
    if (i >= index.parts.length) return;
    var script = document.createElement('script');
    script.src = root + index.parts[i];
    script.addEventListener('load', function () {
      var parts = window.BRIEFING_SEARCH_PARTS || [];
      while (parts.length) add(parts.shift());
      loading = i + 1 < index.parts.length;
      if (input.value) run();
      loadPart(i + 1);
    });
    script.addEventListener('error', function () {
      loading = false;
      show('Part of the search index could not be loaded.');
    });
    document.body.appendChild(script);
  }

  add(index.docs);
  input.addEventListener('input', run);
  var q = new URLSearchParams(window.location.search).get('q');
  if (q) {
    input.value = q;
    run();
  }
  loadPart(0);
})();

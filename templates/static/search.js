// Offline search over window.BRIEFING_SEARCH (static/searchindex.js): every word typed must occur in an entry's
// title or text. Results are built with DOM methods, never as HTML strings, so entry text cannot inject markup.
(function () {
  'use strict';
  var box = document.getElementById('search');
  var input = document.getElementById('search-input');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var entries = window.BRIEFING_SEARCH || [];
  var root = box.getAttribute('data-root') || '';
  var LIMIT = 50;
  var haystacks = entries.map(function (e) { return (e.t + ' ' + e.x).toLowerCase(); });

  function excerpt(text, word) {
    var i = text.toLowerCase().indexOf(word);
    var start = Math.max(0, i - 60);
    var s = text.slice(start, start + 180).replace(/\s+/g, ' ');
    return (start > 0 ? '… ' : '') + s + (start + 180 < text.length ? ' …' : '');
  }

  function run() {
    var words = input.value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    list.textContent = '';
    if (words.join('').length < 2) {
      status.textContent = 'Type at least two letters.';
      return;
    }
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var h = haystacks[i];
      if (words.every(function (w) { return h.indexOf(w) !== -1; })) hits.push(entries[i]);
    }
    status.textContent = hits.length === 0 ? 'Nothing found.'
      : hits.length + (hits.length === 1 ? ' result' : ' results') + (hits.length > LIMIT ? ', first ' + LIMIT + ' shown.' : '.');
    hits.slice(0, LIMIT).forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + e.u;
      a.textContent = e.t;
      var p = document.createElement('p');
      p.textContent = excerpt(e.x, words[0]);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  input.addEventListener('input', run);
  var q = new URLSearchParams(window.location.search).get('q');
  if (q) { input.value = q; run(); }
})();

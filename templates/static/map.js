// The status map names a country while the pointer is over it, or while its row in a status table has keyboard
// focus: the tables are the keyboard's way in, one tab stop per country, and the map follows them.
(function () {
  'use strict';
  var map = document.querySelector('svg.map');
  if (!map) return;
  var lit = null;

  function light(slug) {
    if (lit === slug) return;
    if (lit) map.querySelectorAll('[data-country="' + lit + '"]').forEach(function (el) { el.classList.remove('hl'); });
    lit = slug;
    if (slug) map.querySelectorAll('[data-country="' + slug + '"]').forEach(function (el) { el.classList.add('hl'); });
  }

  function slugOf(target) {
    var el = target && target.closest ? target.closest('[data-country]') : null;
    return el ? el.getAttribute('data-country') : null;
  }

  map.addEventListener('mouseover', function (e) { light(slugOf(e.target)); });
  map.addEventListener('mouseleave', function () { light(null); });
  document.addEventListener('focusin', function (e) {
    if (e.target.matches && e.target.matches('table.status a[data-country]')) light(e.target.getAttribute('data-country'));
  });
  document.addEventListener('focusout', function (e) {
    if (e.target.matches && e.target.matches('table.status a[data-country]')) light(null);
  });
})();

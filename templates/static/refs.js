// Reference previews: a footnote marker ([3]) shows its quotation, source and a link to the passage in place,
// on hover, on keyboard focus, or on a first tap on a touch screen; Escape closes it and returns focus to the marker.
// The preview is built from the page's own reference list with DOM methods (never HTML strings). Without this
// script, a marker is a plain link to its entry in the reference list.
(function () {
  'use strict';
  var current = null; // { marker, box, tapped }
  var lastPointer = 'mouse';
  var closeTimer = null;
  var dismissed = null; // the marker whose preview Escape closed: focus returns to it without reopening

  function entryFor(marker) {
    return document.getElementById('ref-' + marker.getAttribute('data-ref'));
  }

  function close(returnFocus) {
    if (!current) return;
    var marker = current.marker;
    current.box.remove();
    marker.removeAttribute('aria-describedby');
    marker.removeAttribute('aria-expanded');
    current = null;
    if (returnFocus) {
      dismissed = marker;
      marker.focus();
    }
  }

  function place(marker, box) {
    var host = box.offsetParent || document.body;
    var hostRect = host.getBoundingClientRect();
    var rect = marker.getBoundingClientRect();
    var width = box.offsetWidth;
    var left = rect.left - hostRect.left;
    var maxLeft = document.documentElement.clientWidth - hostRect.left - width - 8;
    box.style.left = Math.max(8 - hostRect.left, Math.min(left, maxLeft)) + 'px';
    box.style.top = (rect.bottom - hostRect.top + 4) + 'px';
  }

  function open(marker) {
    clearTimeout(closeTimer);
    if (current && current.marker === marker) return;
    close(false);
    var entry = entryFor(marker);
    if (!entry) return;
    var box = document.createElement('span');
    box.className = 'ref-preview';
    box.id = 'ref-preview';
    box.setAttribute('role', 'tooltip');
    ['.ref-quote', '.ref-source', '.ref-passage'].forEach(function (selector) {
      var part = entry.querySelector(selector);
      if (part) {
        box.appendChild(part.cloneNode(true));
        box.appendChild(document.createTextNode(' '));
      }
    });
    var sup = marker.parentNode;
    sup.parentNode.insertBefore(box, sup.nextSibling);
    marker.setAttribute('aria-describedby', 'ref-preview');
    marker.setAttribute('aria-expanded', 'true');
    current = { marker: marker, box: box, tapped: false };
    place(marker, box);
    box.addEventListener('mouseenter', function () { clearTimeout(closeTimer); });
    box.addEventListener('mouseleave', closeSoon);
    box.addEventListener('focusout', leaving);
  }

  function closeSoon() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () { close(false); }, 300);
  }

  // Keep the preview while focus moves between its marker and its own link; close it when focus goes elsewhere.
  function leaving(event) {
    if (!current) return;
    var to = event.relatedTarget;
    if (to && (to === current.marker || current.box.contains(to))) return;
    close(false);
  }

  function markerOf(target) {
    return target && target.closest ? target.closest('sup.ref a[data-ref]') : null;
  }

  document.addEventListener('pointerdown', function (event) { lastPointer = event.pointerType || 'mouse'; }, true);
  document.addEventListener('mouseover', function (event) {
    var marker = markerOf(event.target);
    if (marker && lastPointer === 'mouse') open(marker);
  });
  document.addEventListener('mouseout', function (event) {
    if (markerOf(event.target) && current) closeSoon();
  });
  document.addEventListener('focusin', function (event) {
    var marker = markerOf(event.target);
    if (marker && marker !== dismissed) open(marker);
    dismissed = null;
  });
  document.addEventListener('focusout', function (event) {
    if (markerOf(event.target)) leaving(event);
  });
  // On a touch screen the first tap shows the preview; a second tap follows the link to the reference list.
  document.addEventListener('click', function (event) {
    var marker = markerOf(event.target);
    if (!marker || lastPointer !== 'touch') return;
    if (current && current.marker === marker && current.tapped) return;
    event.preventDefault();
    open(marker);
    if (current) current.tapped = true;
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && current) {
      event.preventDefault();
      close(true);
    }
  });
  window.addEventListener('resize', function () { if (current) place(current.marker, current.box); });
})();

// On a source's page, the passage a link targets gets a note of what cites it, after its last segment, from the
// page's list of quoted passages (one list, not a note in the text for every passage). The note holds no text of
// its own, only links whose words the stylesheet draws from their labels, so that the article's element keeps
// exactly the source's text for annotation clients. Without this script, the list below the article names them.
(function () {
  'use strict';
  function noteTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var anchor = id && document.getElementById(id);
    var entry = document.getElementById('cited-' + id);
    if (!anchor || !entry || !anchor.classList.contains('anchor')) return;
    if (anchor.parentNode.querySelector('.by-' + CSS.escape(id))) return;
    var segments = anchor.parentNode.querySelectorAll('[data-c~="' + CSS.escape(id) + '"]');
    if (!segments.length) return;
    var note = document.createElement('span');
    note.className = 'cited-by by-' + id;
    var links = entry.querySelectorAll('a');
    for (var i = 1; i < links.length; i++) {
      var a = document.createElement('a');
      a.href = links[i].getAttribute('href');
      a.setAttribute('aria-label', links[i].textContent);
      note.appendChild(a);
    }
    var last = segments[segments.length - 1];
    last.parentNode.insertBefore(note, last.nextSibling);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', noteTarget);
  else noteTarget();
  window.addEventListener('hashchange', noteTarget);
})();

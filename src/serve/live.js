// Live reload for `briefing serve`, which adds this script to the pages it serves (never to a build).
// The server sends a `status` event when the page connects and after each rebuild: a page built by another
// generation reloads; a failed rebuild's errors are shown over the page until the content is fixed.
(() => {
  'use strict';
  const generation = new URL(document.currentScript.src).searchParams.get('generation');
  let overlay = null;

  function show(text) {
    if (!document.getElementById('briefing-live-css')) {
      const link = document.createElement('link');
      link.id = 'briefing-live-css';
      link.rel = 'stylesheet';
      link.href = '/__briefing/live.css';
      document.head.append(link);
    }
    if (!overlay) {
      overlay = document.createElement('section');
      overlay.className = 'briefing-live-errors';
      overlay.setAttribute('role', 'alert');
      overlay.setAttribute('aria-label', 'Build errors');
      const heading = document.createElement('h2');
      heading.textContent = 'The site does not build; the page shows the last good version.';
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'Hide';
      close.addEventListener('click', () => { overlay.hidden = true; });
      const pre = document.createElement('pre');
      overlay.append(heading, close, pre);
      document.body.append(overlay);
    }
    // textContent: the diagnostics quote content verbatim, so nothing in them is markup.
    overlay.querySelector('pre').textContent = text;
    overlay.hidden = false;
  }

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  const events = new EventSource('/__briefing/events');
  events.addEventListener('status', (event) => {
    const status = JSON.parse(event.data);
    if (String(status.generation) !== generation) {
      events.close();
      location.reload();
    } else if (status.error) {
      show(status.error);
    } else {
      hide();
    }
  });
})();

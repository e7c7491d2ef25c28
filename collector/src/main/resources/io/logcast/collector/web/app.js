// The logcast web view. Every text of an event comes from a remote application and is untrusted: it
// only ever reaches the page as a text node (textContent, createTextNode), never as markup. The
// server's Content-Security-Policy (Trusted Types, no inline script) refuses the rest.
'use strict';

(() => {
  /** Rows kept in the page: older ones are removed, so the page stays quick at any rate. */
  const ROWS_MAX = 500;
  /** Entries kept for re-filtering (a filter change shows the last matching ones among them). */
  const STORE_MAX = 10000;
  /** Milliseconds between two renders, at least. */
  const RENDER_INTERVAL = 150;
  /** Milliseconds without a key stroke before a typed filter applies. */
  const TYPING_PAUSE = 120;
  const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
  const COLOURS = { TRACE: '#8a8f98', DEBUG: '#2f6fb3', INFO: '#23863b', WARN: '#b86e00', ERROR: '#c62828' };
  /** C0/C1 controls (tab and newline aside) and the bidirectional controls: shown as their code, never applied. */
  const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

  const $ = (id) => document.getElementById(id);
  const rowsEl = $('rows');
  const logEl = $('log');
  const counts = { events: 0, dropped: 0, unseen: 0 };
  const store = [];
  const apps = new Set();
  let pending = [];
  let renderScheduled = false;
  let lastRender = 0;
  let renderCost = 0;
  let paused = false;
  let following = true;
  let lastEventId = '';
  let lostAt = 0;
  let lastTop = 0;

  // ----- filters: the same rules as GET /api/events (EventQuery) -----
  const params = new URLSearchParams(location.search);
  const filter = {
    level: LEVELS.includes((params.get('level') || '').toUpperCase()) ? params.get('level').toUpperCase() : 'TRACE',
    app: params.get('app') || '',
    logger: params.get('logger') || '',
    text: params.get('q') || '',
  };

  function matches(e) {
    if (e.kind !== 'event') {
      return true; // markers say where events may be missing: always shown
    }
    return LEVELS.indexOf(e.level) >= LEVELS.indexOf(filter.level)
      && (!filter.app || e.app === filter.app)
      && (!filter.logger || e.logger.startsWith(filter.logger))
      && (!filter.text || searchable(e).includes(filter.text.toLowerCase()));
  }

  function searchable(e) {
    if (e.searchable === undefined) {
      const parts = [e.message, e.logger, e.thread, e.app, e.host];
      for (const map of [e.mdc, e.kv]) {
        for (const [k, v] of Object.entries(map || {})) {
          parts.push(k, v);
        }
      }
      if (e.exception) {
        parts.push(e.exception.trace);
      }
      e.searchable = parts.join('\u0000').toLowerCase();
    }
    return e.searchable;
  }

  function showFilter() {
    $('level').value = filter.level;
    noteApp(filter.app);
    $('app').value = filter.app;
    $('logger').value = filter.logger;
    $('q').value = filter.text;
  }

  function filterChanged() {
    filter.level = $('level').value;
    filter.app = $('app').value;
    filter.logger = $('logger').value;
    filter.text = $('q').value;
    const query = new URLSearchParams();
    if (filter.level !== 'TRACE') query.set('level', filter.level);
    if (filter.app) query.set('app', filter.app);
    if (filter.logger) query.set('logger', filter.logger);
    if (filter.text) query.set('q', filter.text);
    const search = query.toString();
    history.replaceState(null, '', search ? '?' + search : location.pathname);
    rerender();
  }

  function noteApp(app) {
    if (!app || apps.has(app) || apps.size >= 200) {
      return;
    }
    apps.add(app);
    const option = document.createElement('option');
    option.value = app;
    option.textContent = app;
    $('app').appendChild(option);
  }

  // ----- rendering: text nodes only -----
  /** Appends the text, its control characters shown as U+XXXX. */
  function put(el, text) {
    const s = String(text ?? '');
    let last = 0;
    for (const m of s.matchAll(CONTROLS)) {
      if (m.index > last) {
        el.appendChild(document.createTextNode(s.slice(last, m.index)));
      }
      const code = document.createElement('span');
      code.className = 'ctl';
      code.textContent = 'U+' + m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      el.appendChild(code);
      last = m.index + m[0].length;
    }
    if (last < s.length) {
      el.appendChild(document.createTextNode(last === 0 ? s : s.slice(last)));
    }
    return el;
  }

  function span(row, cls, text, withTitle) {
    const el = document.createElement('span');
    el.className = cls;
    put(el, text);
    if (withTitle) {
      el.title = String(text ?? '').replace(CONTROLS, ' ');
    }
    row.appendChild(el);
    return el;
  }

  /** A long logger name as Logback's %logger{28} shows it: com.shop.service.Orders -> c.s.service.Orders. */
  function abbreviate(logger) {
    if (logger.length <= 28) {
      return logger;
    }
    const parts = logger.split('.');
    let length = logger.length;
    for (let i = 0; i < parts.length - 1 && length > 28; i++) {
      const first = parts[i].length ? String.fromCodePoint(parts[i].codePointAt(0)) : '';
      length -= parts[i].length - first.length;
      parts[i] = first;
    }
    return parts.join('.');
  }

  function time(t) {
    const d = new Date(t);
    const two = (n) => String(n).padStart(2, '0');
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds()) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function row(e) {
    const r = document.createElement('div');
    if (e.kind !== 'event') {
      r.className = 'row marker ' + (['reconnected', 'gap', 'dropped', 'missed', 'restarted', 'resumed'].includes(e.kind) ? e.kind : 'other');
      put(r, '── ' + time(e.time) + '  ' + e.text + ' ──');
      return r;
    }
    r.className = 'row event lvl-' + (LEVELS.includes(e.level) ? e.level : 'INFO');
    span(r, 'time', time(e.time));
    span(r, 'level', e.level);
    span(r, 'app', e.app, true);
    span(r, 'host', e.host, true);
    span(r, 'thread', e.thread, true);
    span(r, 'logger', abbreviate(e.logger), true).title = e.logger.replace(CONTROLS, ' ');
    const msg = span(r, 'msg', '');
    const text = document.createElement('div');
    text.className = 'text';
    msg.appendChild(put(text, e.message));
    const pairs = [...Object.entries(e.mdc || {}), ...Object.entries(e.kv || {})];
    if (pairs.length) {
      const kv = document.createElement('div');
      kv.className = 'kv';
      for (const [k, v] of pairs) {
        const pair = document.createElement('span');
        kv.appendChild(put(pair, k + '=' + v));
      }
      msg.appendChild(kv);
    }
    if (e.exception) {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      const chain = e.exception.chain || [];
      put(summary, chain.length > 1 ? chain[0] + '  … caused by ' + chain[chain.length - 1] : chain[0] || 'exception');
      const trace = document.createElement('pre');
      details.append(summary, put(trace, e.exception.trace));
      msg.appendChild(details);
    }
    return r;
  }

  // ----- the feed -----
  function onEntry(e) {
    if (e.kind === 'event') {
      counts.events++;
      noteApp(e.app);
    } else if (e.kind === 'dropped') {
      counts.dropped += e.count;
    }
    store.push(e);
    if (store.length > STORE_MAX + 1000) {
      store.splice(0, store.length - STORE_MAX);
    }
    if (!matches(e)) {
      return;
    }
    if (paused || !following) {
      counts.unseen++;
      return;
    }
    pending.push(e);
    if (pending.length > ROWS_MAX) {
      pending.splice(0, pending.length - ROWS_MAX);
    }
    if (!renderScheduled) {
      renderScheduled = true;
      // A few renders a second, and never more than a fifth of the time (a render that took 100 ms
      // waits 400 ms for the next): each one lays the rows out again, and at thousands of events a
      // second, rendering every frame would take the whole main thread.
      const interval = Math.max(RENDER_INTERVAL, 4 * renderCost);
      setTimeout(() => requestAnimationFrame(flush), Math.max(0, lastRender + interval - performance.now()));
    }
  }

  /** The rows that arrived since the last render, then the oldest rows beyond the bound go. */
  function flush() {
    renderScheduled = false;
    lastRender = performance.now();
    if (!pending.length || paused || !following) {
      pending = [];
      return;
    }
    const fragment = document.createDocumentFragment();
    for (const e of pending) {
      fragment.appendChild(row(e));
    }
    pending = [];
    rowsEl.appendChild(fragment);
    for (let excess = rowsEl.childElementCount - ROWS_MAX; excess > 0; excess--) {
      rowsEl.firstElementChild.remove();
    }
    stickToBottom();
    showCounts();
    renderCost = performance.now() - lastRender;
  }

  /** Shows the last matching entries again (a filter changed, the page resumed or jumped to the latest). */
  function rerender() {
    pending = [];
    counts.unseen = 0;
    const shown = [];
    for (let i = store.length - 1; i >= 0 && shown.length < ROWS_MAX; i--) {
      if (matches(store[i])) {
        shown.push(store[i]);
      }
    }
    const fragment = document.createDocumentFragment();
    for (let i = shown.length - 1; i >= 0; i--) {
      fragment.appendChild(row(shown[i]));
    }
    rowsEl.replaceChildren(fragment);
    following = true;
    stickToBottom();
    showCounts();
  }

  function stickToBottom() {
    logEl.scrollTop = logEl.scrollHeight;
    lastTop = logEl.scrollTop;
  }

  function showCounts() {
    $('events').textContent = counts.events.toLocaleString('en');
    $('shown').textContent = rowsEl.childElementCount.toLocaleString('en');
    $('dropped').textContent = counts.dropped.toLocaleString('en');
    const pause = $('pause');
    pause.textContent = paused ? 'Resume (' + counts.unseen.toLocaleString('en') + ' new)' : 'Pause';
    const latest = $('latest');
    latest.hidden = paused || following;
    latest.textContent = 'show the latest (' + counts.unseen.toLocaleString('en') + ' new)';
  }

  function setState(state, text) {
    const el = $('state');
    el.className = 'state ' + state;
    el.textContent = text || state;
  }

  function connect() {
    const source = new EventSource('api/live' + (lastEventId ? '?lastEventId=' + encodeURIComponent(lastEventId) : ''));
    source.onopen = () => {
      setState('live');
      if (lostAt) {
        onEntry({ kind: 'resumed', time: Date.now(), text: 'this page lost its connection at ' + time(lostAt) + ' and is connected again' });
        lostAt = 0;
      }
    };
    source.onmessage = (message) => {
      if (message.lastEventId) {
        lastEventId = message.lastEventId;
      }
      let entry;
      try {
        entry = JSON.parse(message.data);
      } catch (notJson) {
        return;
      }
      onEntry(entry);
    };
    source.onerror = () => {
      if (!lostAt) {
        lostAt = Date.now();
      }
      if (source.readyState === EventSource.CLOSED) {
        // refused (a login expired, the daemon restarted with another token): try again, slowly
        setState('disconnected');
        setTimeout(connect, 5000);
      } else {
        setState('reconnecting');
      }
    };
  }

  // ----- the rate chart: events per 10 s by level, last 15 minutes, as the daemon counted them -----
  function drawRates(rates) {
    const canvas = $('rates');
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    const buckets = rates.counts.INFO.length;
    const totals = [];
    for (let i = 0; i < buckets; i++) {
      totals.push(LEVELS.reduce((sum, level) => sum + rates.counts[level][i], 0));
    }
    const max = Math.max(1, ...totals);
    const axis = height - 12;
    const barWidth = width / buckets;
    for (let i = 0; i < buckets; i++) {
      let y = axis;
      for (const level of LEVELS) {
        const count = rates.counts[level][i];
        if (count) {
          const h = Math.max(1, (count / max) * (axis - 4));
          ctx.fillStyle = COLOURS[level];
          ctx.fillRect(i * barWidth, y - h, Math.max(1, barWidth - 1), h);
          y -= h;
        }
      }
    }
    ctx.fillStyle = '#6b7280';
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'bottom';
    ctx.fillText('15 min ago', 0, height);
    ctx.textAlign = 'right';
    ctx.fillText('now', width, height);
    $('peak').textContent = 'peak ' + (max / (rates.bucketMillis / 1000)).toFixed(1) + ' events/s';
  }

  async function pollRates() {
    try {
      const response = await fetch('api/rates', { cache: 'no-store' });
      if (response.ok) {
        drawRates(await response.json());
      }
    } catch (unreachable) {
      // the feed's state already says so
    }
  }

  // ----- controls -----
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('level').addEventListener('change', filterChanged);
  $('app').addEventListener('change', filterChanged);
  // typed filters apply once the typing pauses briefly: one pass over the kept events, not one per key
  let typing = 0;
  const typed = () => {
    clearTimeout(typing);
    typing = setTimeout(filterChanged, TYPING_PAUSE);
  };
  $('logger').addEventListener('input', typed);
  $('q').addEventListener('input', typed);
  $('pause').addEventListener('click', () => {
    paused = !paused;
    $('pause').setAttribute('aria-pressed', String(paused));
    if (!paused) {
      rerender();
    }
    showCounts();
  });
  $('latest').addEventListener('click', rerender);
  // Following the end unless the reader scrolls up. Whether they did is told by the scroll position
  // going up, not by the distance to the end: rows out of view have an estimated height until they
  // are laid out, so the end moves away by itself.
  logEl.addEventListener('scroll', () => {
    const top = logEl.scrollTop;
    const atBottom = logEl.scrollHeight - top - logEl.clientHeight < 24;
    const wentUp = top < lastTop - 4;
    lastTop = top;
    if (atBottom && !following) {
      // back at the end: show what arrived meanwhile; without news, keep the rows as they are (expanded ones stay open)
      if (counts.unseen > 0) {
        rerender();
      } else {
        following = true;
        showCounts();
      }
    } else if (wentUp && following) {
      following = false;
      showCounts();
    }
  });
  rowsEl.addEventListener('click', (e) => {
    const text = e.target.closest('.text');
    if (text && !window.getSelection().toString()) {
      text.classList.toggle('open');
    }
  });

  // rows laid out for the first time grow or shrink the list: stay at the end while following
  new ResizeObserver(() => {
    if (following && !paused) {
      stickToBottom();
    }
  }).observe(rowsEl);

  showFilter();
  connect();
  pollRates();
  setInterval(pollRates, 5000);
  setInterval(showCounts, 250);
})();

/*
 * Galley's search page. It reads search/index.json (the yearly indexes, newest year first), then
 * the yearly indexes in turn, and lists the articles whose title, summary, section, tags or authors
 * contain every word of the query (case and accents ignored), newest first. It loads older years
 * only while it needs more matches, so a search in a big archive reads a few small files.
 *
 * Every value from the index reaches the page through textContent or an attribute set with
 * setAttribute, never as HTML: a title like "<img onerror=...>" shows as those characters.
 */
(function () {
  'use strict';
  var PAGE = 50;
  var form = document.getElementById('search-form');
  if (!form || !window.fetch) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var results = document.getElementById('search-results');
  var more = document.getElementById('search-more');

  function fold(text) {
    return String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function searchable(e) {
    return fold([e.t, e.x, e.s, (e.g || []).join(' '), (e.a || []).join(' ')].join(' \u0000 '));
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function teaser(e) {
    var item = element('li', 'teaser');
    if (e.s) item.appendChild(element('p', 'kicker', e.s));
    var title = element('h2', 'teaser-title');
    var link = element('a', '', e.t);
    link.setAttribute('href', e.u);
    title.appendChild(link);
    item.appendChild(title);
    var meta = element('p', 'meta');
    var time = element('time', '', e.w);
    time.setAttribute('datetime', e.d);
    meta.appendChild(time);
    if (e.a && e.a.length) meta.appendChild(document.createTextNode(' \u00b7 ' + e.a.join(', ')));
    item.appendChild(meta);
    if (e.x) item.appendChild(element('p', 'summary', e.x));
    return item;
  }

  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ': ' + r.status);
      return r.json();
    });
  }

  var query = new URLSearchParams(window.location.search).get('q') || '';
  input.value = query;
  var words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) {
    status.textContent = 'Type one or more words and press Search.';
    return;
  }

  var years = [];
  var year = 0;      // the next yearly index to read
  var entries = [];  // the yearly index being read
  var at = 0;        // the next entry in it
  var found = 0;

  function report(finished) {
    var what = '\u201c' + query.trim() + '\u201d';
    if (found === 0) status.textContent = 'No articles match ' + what + '.';
    else if (finished) status.textContent = found + (found === 1 ? ' article matches ' : ' articles match ') + what + '.';
    else status.textContent = 'The ' + found + ' newest articles that match ' + what + '.';
    more.hidden = finished;
  }

  // Adds up to PAGE more matches, reading older yearly indexes as needed.
  function page() {
    var wanted = found + PAGE;
    function step() {
      while (at < entries.length && found < wanted) {
        var e = entries[at++];
        var text = searchable(e);
        if (words.every(function (w) { return text.indexOf(w) >= 0; })) {
          results.appendChild(teaser(e));
          found++;
        }
      }
      if (found >= wanted && (at < entries.length || year < years.length)) return report(false);
      if (year >= years.length) return report(true);
      return getJson(years[year++].url).then(function (list) {
        entries = list;
        at = 0;
        return step();
      });
    }
    return Promise.resolve().then(step).catch(function () {
      status.textContent = 'The search index could not be loaded. Please try again later.';
      more.hidden = true;
    });
  }

  status.textContent = 'Searching\u2026';
  more.addEventListener('click', function () {
    more.hidden = true;
    status.textContent = 'Searching\u2026';
    page();
  });
  getJson(form.getAttribute('data-manifest')).then(function (manifest) {
    years = manifest.years || [];
    return page();
  }).catch(function () {
    status.textContent = 'The search index could not be loaded. Please try again later.';
  });
})();

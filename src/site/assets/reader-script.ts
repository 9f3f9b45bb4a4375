/**
 * The reader's script, on list and post pages: read state kept in the browser, "new since your
 * last visit", and keyboard navigation. Pages work without it: it only adds to them. Plain ES2017
 * text rather than compiled code, so its bytes (and the asset's hash) depend on nothing but this
 * file. Read posts are kept as site paths in localStorage, the newest 2,000, so the list stays small.
 */
export const readerScript = `(function () {
  'use strict';
  // The service worker (sw.js, at the site's root beside assets/) keeps the shell and pages read.
  var self = document.currentScript;
  if (self && self.src && 'serviceWorker' in navigator && /^https?:$/.test(location.protocol))
    navigator.serviceWorker.register(new URL('../sw.js', self.src).href).catch(function () { /* no offline reading */ });
  var READ = 'newsmill:read', VISIT = 'newsmill:visit', SINCE = 'newsmill:since', HIDE = 'newsmill:hide-read';
  var LIMIT = 2000;
  function load(key, fallback) {
    try { var value = JSON.parse(localStorage.getItem(key)); return value === null ? fallback : value; }
    catch (error) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (error) { /* storage full or off */ }
  }
  var read = load(READ, []);
  if (!Array.isArray(read)) read = [];
  var readSet = new Set(read.filter(function (path) { return typeof path === 'string'; }));
  function markRead(paths) {
    paths.forEach(function (path) { readSet.delete(path); readSet.add(path); });
    var all = Array.from(readSet);
    save(READ, all.slice(Math.max(0, all.length - LIMIT)));
  }
  var script = document.currentScript;
  var labels = JSON.parse((script && script.getAttribute('data-labels')) || '{}');
  var article = document.querySelector('article[data-post]');
  if (article) markRead([article.getAttribute('data-post')]);

  // The previous visit, fixed for this browsing session so that every page of it shows the same divider.
  var since = Number(sessionStorage.getItem(SINCE));
  if (!since) {
    since = Number(load(VISIT, 0)) || Date.now();
    try { sessionStorage.setItem(SINCE, String(since)); } catch (error) { /* off */ }
  }
  save(VISIT, Date.now());

  var list = document.querySelector('.post-list');
  var cards = list ? Array.prototype.slice.call(list.querySelectorAll('li[data-post]')) : [];
  cards.forEach(function (card) {
    if (readSet.has(card.getAttribute('data-post'))) card.classList.add('read');
  });
  var firstOld = cards.findIndex(function (card) {
    var time = card.querySelector('time');
    return time && Date.parse(time.getAttribute('datetime')) <= since;
  });
  if (firstOld > 0) {
    var divider = document.createElement('li');
    divider.className = 'since-divider';
    divider.textContent = labels.since || '';
    list.insertBefore(divider, cards[firstOld]);
  }
  if (cards.length > 0) {
    var tools = document.createElement('div');
    tools.className = 'reader-tools';
    var markAll = document.createElement('button');
    markAll.type = 'button';
    markAll.textContent = labels.markAll || '';
    markAll.addEventListener('click', function () {
      markRead(cards.map(function (card) { return card.getAttribute('data-post'); }));
      cards.forEach(function (card) { card.classList.add('read'); });
    });
    var hide = document.createElement('button');
    hide.type = 'button';
    hide.textContent = labels.hideRead || '';
    function showHidden(on) {
      document.body.classList.toggle('hide-read', on);
      hide.setAttribute('aria-pressed', String(on));
    }
    showHidden(load(HIDE, false) === true);
    hide.addEventListener('click', function () {
      var on = !document.body.classList.contains('hide-read');
      save(HIDE, on);
      showHidden(on);
    });
    tools.appendChild(markAll);
    tools.appendChild(hide);
    list.parentNode.insertBefore(tools, list);
  }

  // Times within the last week read as "3 小时前"; the exact time the page shows stays as the tooltip.
  var relative = typeof Intl !== 'undefined' && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat(document.documentElement.lang || undefined, { numeric: 'auto' })
    : null;
  // A unit from its size up: seconds below a minute, minutes below an hour, and so on.
  var UNITS = [[60, 'minute'], [3600, 'hour'], [86400, 'day']];
  if (relative) Array.prototype.forEach.call(document.querySelectorAll('time[datetime]'), function (time) {
    var seconds = (Date.parse(time.getAttribute('datetime')) - Date.now()) / 1000;
    if (!(seconds <= 60 && seconds > -604800)) return;
    var unit = 'second', size = 1;
    UNITS.forEach(function (step) {
      if (-seconds >= step[0]) { size = step[0]; unit = step[1]; }
    });
    if (!time.title) time.title = time.textContent;
    time.textContent = relative.format(Math.round(seconds / size), unit);
  });

  var current = -1;
  function visible() {
    return cards.filter(function (card) { return card.offsetParent !== null; });
  }
  function move(step) {
    var shown = visible();
    if (shown.length === 0) {
      // A post page has no list: j and k go to the older and the newer post.
      var neighbour = document.querySelector(step > 0 ? '.post-nav a[rel=next]' : '.post-nav a[rel=prev]');
      if (neighbour) neighbour.click();
      return;
    }
    var index = shown.indexOf(cards[current]);
    var next = shown[Math.min(shown.length - 1, Math.max(0, index + step))];
    if (cards[current]) cards[current].classList.remove('current');
    current = cards.indexOf(next);
    next.classList.add('current');
    var link = next.querySelector('h2 a');
    if (link) link.focus();
    next.scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === 'j') move(1);
    else if (event.key === 'k') move(-1);
    else if (event.key === 'o' && cards[current]) {
      var link = cards[current].querySelector('h2 a');
      if (link) link.click();
    } else if (event.key === '/') {
      var input = document.querySelector('#site-search, #search-page-input');
      if (input && input.offsetParent !== null) input.focus();
      else { var searchLink = document.querySelector('.search-link'); if (searchLink) searchLink.click(); else return; }
    } else return;
    event.preventDefault();
  });
})();
`;

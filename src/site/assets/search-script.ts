import { categoryToken, searchBucketOf, tokenizeSearchText } from '../search/search-tokens.js';

/**
 * The search page's script, vanilla and framework-free. It embeds the builder's own tokenizer so
 * queries and index agree, loads the index entry file, then per block (newest first) only the
 * term shards of the query's tokens, intersects their postings and shows matches; document chunks
 * are fetched only for matches shown. "More" continues with older blocks. A result shows its
 * thumbnail (or its source's placeholder), its title and a snippet with the query's words marked,
 * built as DOM nodes; a top category limits the search through the category's own token
 * (`categoryToken`). Results come as the reader types, and the URL keeps the query.
 */
export function createSearchScript(): string {
  return `(() => {
'use strict';
const tokenize = ${tokenizeSearchText.toString()};
const bucketOf = ${searchBucketOf.toString()};
const categoryTokenOf = ${categoryToken.toString()};
const script = document.currentScript;
const form = document.getElementById('search-page-form');
const input = document.getElementById('search-page-input');
const list = document.getElementById('search-results');
const status = document.getElementById('search-status');
const more = document.getElementById('search-more');
const category = document.getElementById('search-page-category');
if (!script || !form || !input || !list || !status || !more) return;
const root = new URL(script.dataset.root, location.href);
const metaUrl = new URL(script.dataset.index, location.href);
const text = JSON.parse(script.dataset.labels);
const cache = new Map();
// A file that failed to load is forgotten, so the next search asks again (a moment offline).
const load = (name) => {
  const url = new URL(name, metaUrl).href;
  if (!cache.has(url)) cache.set(url, fetch(url).then((r) => { if (!r.ok) throw new Error(r.status + ' ' + url); return r.json(); }).catch((error) => { cache.delete(url); throw error; }));
  return cache.get(url);
};
const decode = (list) => { const docs = new Map(); let doc = 0; for (const v of list) { doc += Math.floor(v / 2); docs.set(doc, v % 2); } return docs; };
async function matchBlock(block, tokens) {
  const lists = await Promise.all(tokens.map(async (token) => {
    const file = block.postings[bucketOf(token, block.buckets)];
    if (!file) return null;
    const shard = await load(file);
    return Object.prototype.hasOwnProperty.call(shard, token) ? decode(shard[token]) : null;
  }));
  if (lists.some((l) => !l)) return [];
  lists.sort((a, b) => a.size - b.size);
  const hits = [];
  for (const [doc, inTitle] of lists[0]) {
    let score = inTitle;
    let all = true;
    for (const other of lists.slice(1)) { const t = other.get(doc); if (t === undefined) { all = false; break; } score += t; }
    if (all) hits.push({ doc, score });
  }
  return hits.sort((a, b) => b.score - a.score || b.doc - a.doc);
}
let run = 0;
let state = null;
// Where the query's tokens occur in the text (compared in lower case), merged into ranges.
const rangesIn = (text, tokens) => {
  const lower = text.toLowerCase();
  const found = [];
  for (const token of tokens) for (let at = lower.indexOf(token); at >= 0; at = lower.indexOf(token, at + 1)) found.push([at, at + token.length]);
  found.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const range of found) { const last = merged[merged.length - 1]; if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]); else merged.push(range); }
  return merged;
};
// The text with its ranges in <mark>, as nodes: nothing from the index is read as HTML.
const marked = (text, ranges, from = 0, to = text.length) => {
  const nodes = [];
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    if (start > at) nodes.push(text.slice(at, start));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(Math.max(start, at), Math.min(end, to));
    nodes.push(mark);
    at = Math.min(end, to);
  }
  if (at < to) nodes.push(text.slice(at, to));
  return nodes;
};
// About 120 characters of the article around its first match, or its opening.
const snippetOf = (text, tokens) => {
  const ranges = rangesIn(text, tokens);
  const from = ranges.length ? Math.max(0, ranges[0][0] - 30) : 0;
  const to = Math.min(text.length, from + 120);
  const nodes = marked(text, ranges, from, to);
  if (from > 0) nodes.unshift('…');
  if (to < text.length) nodes.push('…');
  return nodes;
};
const resultOf = (doc, words) => {
  const [title, path, day, category, snippet, cover, tone] = doc;
  const item = document.createElement('li');
  const card = document.createElement('article');
  card.className = 'post-card';
  const source = (category.split(' / ')[1] || '').trim();
  const thumb = document.createElement('span');
  thumb.className = 'cover tone-' + (Number(tone) || 0);
  thumb.dataset.initial = (Array.from(source)[0] || '?').toUpperCase();
  thumb.setAttribute('aria-hidden', 'true');
  if (typeof cover === 'string' && cover) {
    const image = document.createElement('img');
    Object.assign(image, { src: cover, alt: '', loading: 'lazy', decoding: 'async', referrerPolicy: 'no-referrer', width: 160, height: 120 });
    image.dataset.initial = thumb.dataset.initial;
    thumb.append(image);
  }
  const body = document.createElement('div');
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = new URL(path.split('/').map(encodeURIComponent).join('/'), root).href;
  link.append(...marked(title, rangesIn(title, words)));
  heading.append(link);
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = day + ' · ' + category;
  body.append(heading, meta);
  if (typeof snippet === 'string' && snippet) {
    const excerpt = document.createElement('p');
    excerpt.className = 'excerpt';
    excerpt.append(...snippetOf(snippet, words));
    body.append(excerpt);
  }
  card.append(thumb, body);
  item.dataset.post = path;
  item.append(card);
  return item;
};
async function showMore() {
  const id = run;
  const found = [];
  more.hidden = true;
  while (state.next < state.meta.blocks.length && found.length < 20) {
    const block = state.meta.blocks[state.next++];
    for (const hit of await matchBlock(block, state.tokens)) found.push({ block, hit });
    if (id !== run) return;
  }
  for (const { block, hit } of found) {
    const chunk = await load(block.docs[Math.floor(hit.doc / block.chunk)]);
    if (id !== run) return;
    list.append(resultOf(chunk[hit.doc % block.chunk], state.words));
  }
  state.count += found.length;
  status.textContent = state.count === 0 && state.next >= state.meta.blocks.length ? text.none : text.found.replace('{n}', String(state.count));
  more.hidden = state.next >= state.meta.blocks.length;
}
async function search(query, top) {
  const id = ++run;
  list.replaceChildren();
  more.hidden = true;
  const words = [...new Set(tokenize(query))];
  if (words.length === 0) { status.textContent = ''; return; }
  // A search within a top category intersects one more posting list: the category's token.
  const tokens = top ? [...words, categoryTokenOf(top)] : words;
  status.textContent = text.loading;
  try {
    const meta = await load(metaUrl.href);
    if (id !== run) return;
    state = { meta, tokens, words, next: 0, count: 0 };
    await showMore();
  } catch (error) {
    if (id === run) status.textContent = text.failed;
  }
}
let timer = 0;
const submit = () => {
  const query = input.value.trim();
  const top = category ? category.value : '';
  const url = new URL(location.href);
  if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
  if (top) url.searchParams.set('c', top); else url.searchParams.delete('c');
  history.replaceState(null, '', url);
  search(query, top);
};
form.addEventListener('submit', (event) => { event.preventDefault(); clearTimeout(timer); submit(); });
input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(submit, 250); });
if (category) category.addEventListener('change', () => { clearTimeout(timer); submit(); });
more.addEventListener('click', () => { if (state) showMore(); });
const params = new URLSearchParams(location.search);
const initial = params.get('q');
const initialTop = params.get('c') || '';
if (category && [...category.options].some((option) => option.value === initialTop)) category.value = initialTop;
if (initial) { input.value = initial; search(initial.trim(), category ? category.value : ''); }
})();
`;
}

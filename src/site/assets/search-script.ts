import { searchBucketOf, tokenizeSearchText } from '../search/search-tokens.js';

/**
 * The search page's script, vanilla and framework-free. It embeds the builder's own tokenizer so
 * queries and index agree, loads the index entry file, then per block (newest first) only the
 * term shards of the query's tokens, intersects their postings and shows matches; document chunks
 * are fetched only for matches shown. "More" continues with older blocks.
 */
export function createSearchScript(): string {
  return `(() => {
'use strict';
const tokenize = ${tokenizeSearchText.toString()};
const bucketOf = ${searchBucketOf.toString()};
const script = document.currentScript;
const form = document.getElementById('search-page-form');
const input = document.getElementById('search-page-input');
const list = document.getElementById('search-results');
const status = document.getElementById('search-status');
const more = document.getElementById('search-more');
if (!script || !form || !input || !list || !status || !more) return;
const root = new URL(script.dataset.root, location.href);
const metaUrl = new URL(script.dataset.index, location.href);
const text = JSON.parse(script.dataset.labels);
const cache = new Map();
const load = (name) => {
  const url = new URL(name, metaUrl).href;
  if (!cache.has(url)) cache.set(url, fetch(url).then((r) => { if (!r.ok) throw new Error(r.status + ' ' + url); return r.json(); }));
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
    const [title, path, day, category] = chunk[hit.doc % block.chunk];
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = new URL(path.split('/').map(encodeURIComponent).join('/'), root).href;
    link.textContent = title;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = ' ' + day + ' · ' + category;
    item.append(link, meta);
    list.append(item);
  }
  state.count += found.length;
  status.textContent = state.count === 0 && state.next >= state.meta.blocks.length ? text.none : text.found.replace('{n}', String(state.count));
  more.hidden = state.next >= state.meta.blocks.length;
}
async function search(query) {
  const id = ++run;
  list.replaceChildren();
  more.hidden = true;
  const tokens = [...new Set(tokenize(query))];
  if (tokens.length === 0) { status.textContent = ''; return; }
  status.textContent = text.loading;
  try {
    const meta = await load(metaUrl.href);
    if (id !== run) return;
    state = { meta, tokens, next: 0, count: 0 };
    await showMore();
  } catch (error) {
    if (id === run) status.textContent = text.failed;
  }
}
let timer = 0;
const submit = () => {
  const query = input.value.trim();
  const url = new URL(location.href);
  if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
  history.replaceState(null, '', url);
  search(query);
};
form.addEventListener('submit', (event) => { event.preventDefault(); clearTimeout(timer); submit(); });
input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(submit, 250); });
more.addEventListener('click', () => { if (state) showMore(); });
const initial = new URLSearchParams(location.search).get('q');
if (initial) { input.value = initial; search(initial.trim()); }
})();
`;
}

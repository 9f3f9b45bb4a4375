import { escapeHtmlText } from '../../io/html-escape.js';

/**
 * Reading offline: a web app manifest (the site installs as an app), its icon, and a service worker
 * that keeps the shell and the pages last read. The worker answers only its own origin's requests
 * under the site's path: pictures from other hosts go to the network as before, untouched.
 *
 * Pages are network first, so a reader online always gets the latest build; a page that cannot be
 * fetched comes from the cache, else the offline page. Fingerprinted files (`assets/`, `search/`)
 * never change under one name, so they are cache first. Each cache is bounded: the newest pages
 * and files stay, the oldest go.
 */

/** Pages read that stay for offline reading. */
const OFFLINE_PAGES = 50;
/** The page shown for a page that was never read, offline. */
export const OFFLINE_PAGE = 'offline.html';
/** Where the worker, the manifest and the icon live: the site's root, under names that never change. */
export const SERVICE_WORKER = 'sw.js';
export const WEB_MANIFEST = 'manifest.webmanifest';
export const SITE_ICON = 'icon.svg';

/** The service worker, at the site's root so that its scope is the whole site. */
export function createServiceWorker(shell: readonly string[]): string {
  return `'use strict';
const SHELL = ${JSON.stringify(shell)};
const OFFLINE = ${JSON.stringify(OFFLINE_PAGE)};
const PAGES = 'newsmill-pages', FILES = 'newsmill-files', SHELLS = 'newsmill-shell';
const LIMITS = { [PAGES]: ${OFFLINE_PAGES}, [FILES]: 300, [SHELLS]: 40 };
const scope = new URL(self.registration.scope);
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELLS).then((cache) => cache.addAll(SHELL.map((file) => new URL(file, scope).href))).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
// Oldest first: Cache.keys lists entries in the order they were put.
async function trim(name) {
  const cache = await caches.open(name);
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - LIMITS[name]))) await cache.delete(key);
}
async function keep(name, request, response) {
  const cache = await caches.open(name);
  await cache.delete(request);
  await cache.put(request, response);
  await trim(name);
}
async function page(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') event.waitUntil(keep(PAGES, request, response.clone()));
    return response;
  } catch (error) {
    const pages = await caches.open(PAGES);
    const kept = (await pages.match(request)) || (await pages.match(request, { ignoreSearch: true }));
    return kept || (await caches.match(new URL(OFFLINE, scope).href)) || Response.error();
  }
}
async function file(event) {
  const kept = await caches.match(event.request);
  if (kept) return kept;
  const response = await fetch(event.request);
  if (response.ok && response.type === 'basic') event.waitUntil(keep(FILES, event.request, response.clone()));
  return response;
}
self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  if (request.mode === 'navigate') event.respondWith(page(event));
  else if (/^(assets|search)\\//.test(url.pathname.slice(scope.pathname.length))) event.respondWith(file(event));
});
`;
}

/** The web app manifest: the site's name, start page and icon, relative to where it is served. */
export function createWebManifest(site: { title: string; language: string }): string {
  return JSON.stringify({
    name: site.title,
    short_name: Array.from(site.title).slice(0, 12).join(''),
    lang: site.language,
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0b57d0',
    icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  });
}

/** The site's icon: its initial on the link colour, a square that also makes a round mask. */
export function createSiteIcon(initial: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#0b57d0"/><text x="48" y="66" font-size="54" font-weight="700" text-anchor="middle" fill="#fff" font-family="system-ui,sans-serif">${escapeHtmlText(initial)}</text></svg>`;
}

{% load static %}/* Hadir phone page service worker: keeps the page shell for offline use.
   The page, script, style, manifest and icon are cached; the page is network-first (fresh
   when online, the cached copy when not: marked data-source="cache" so the page says it is
   offline and from when its data is); the API is never cached (captures wait in
   IndexedDB, see app.js). */
"use strict";
const CACHE = "hadir-mobile-v2";
const SHELL = [
  "{% url 'mobile' %}",
  "{% static 'mobile/app.js' %}",
  "{% static 'mobile/mobile.css' %}",
  "{% static 'mobile/icon.svg' %}",
  "{% url 'mobile-manifest' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function networkFirst(request, cacheKey, fromCache) {
  return fetch(request).then((response) => {
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(cacheKey, copy));
    }
    return response;
  }).catch(() => caches.match(cacheKey).then((hit) => (hit ? fromCache(hit) : Response.error())));
}

/* The cached page, marked as such for the page's script (the offline notice). */
function markedAsCached(hit) {
  return hit.text().then((html) => new Response(
    html.replace('data-source="network"', 'data-source="cache"'),
    { status: hit.status, statusText: hit.statusText, headers: hit.headers }
  ));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && url.pathname === "{% url 'mobile' %}") {
    event.respondWith(networkFirst(request, "{% url 'mobile' %}", markedAsCached));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname, (hit) => hit));
  }
});

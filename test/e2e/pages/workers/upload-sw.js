// A site's own service worker that uploads for its page (a PWA's background upload): content scripts never run here.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  const { url, jwt, name } = event.data;
  event.waitUntil(
    (async () => {
      const fd = new FormData();
      fd.append('images[]', new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], name, { type: 'image/png' }));
      let answer;
      try {
        const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` }, body: fd });
        answer = { status: res.status, body: await res.text() };
      } catch (error) {
        answer = { error: String(error) };
      }
      event.source.postMessage(answer);
    })(),
  );
});

// Bulk delete, backfill and Matrix deletes through the page's client, against fixture servers of their own (so their
// counters are the scenario's); the last scenario scans the extension's storage for any login secret used in the run.
// run.mjs runs this file last: it restarts the browser, its Matrix captures become the newest records (and end
// "verified gone" / "needs admin"), and the storage scan should come after every other scenario.
// Records for the bulk runs are written straight into the ledger (as a capture would leave them) for files seeded on
// the fixture; jobs are started and watched with the messages the dashboard sends ({type:'delete'|'import'|'jobs'}).
import assert from 'node:assert/strict';
import { capturedLemmyRecords, PUT_RECORDS, sleep } from './browsers/common.mjs';
import { allowSites, byKey, lemmyPage, matrixPage, waitForLedger } from './lib/env.mjs';
import { PAGES_OUT } from './lib/pages.mjs';
import { LEMMY_VERSIONS, startLemmy } from './servers/lemmy.mjs';
import { startMatrix } from './servers/matrix.mjs';
import { attackSecrets } from './lib/attack-env.mjs';
import { ok, open, PNG } from './scenarios.mjs';

/** Every login secret a fixture of this run accepted (JWTs, access tokens), for the storage scan at the end. */
const secrets = new Set(LEMMY_VERSIONS.map((v) => `e2e-lemmy-jwt-${v.replaceAll('.', '')}`));
function remember(server) {
  for (const s of [server.jwt, server.token, ...Object.keys(server.users ?? {})]) if (s) secrets.add(s);
  return server;
}

let fixtureCount = 0;
async function withLemmy(driver, opts, fn) {
  const s = remember(await startLemmy({ staticDir: PAGES_OUT, prefix: `bulk${++fixtureCount}x`, version: '0.19.4', ...opts }));
  try {
    await allowSites(driver, [s.origin]);
    return await fn(s);
  } finally {
    await s.close();
  }
}
async function withMatrix(driver, opts, fn) {
  const m = remember(await startMatrix({ staticDir: PAGES_OUT, ...opts }));
  try {
    await allowSites(driver, [m.origin]);
    return await fn(m);
  } finally {
    await m.close();
  }
}

/** An extension page kept open to talk to the background as the dashboard does. */
async function controlPage(driver) {
  const page = await driver.openPopupPage('http://127.0.0.1/');
  const send = (message) => page.evaluate((msg) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(msg), message);
  return { send, close: () => page.close() };
}

/** Polls {type:'jobs'} until pred(job) holds; returns the job and the done counts seen on the way. */
async function waitForJob(control, jobId, pred, timeoutMs = 45_000, everyMs = 200) {
  const until = Date.now() + timeoutMs;
  const seen = [];
  for (;;) {
    const job = (await control.send({ type: 'jobs' }))?.find((j) => j.id === jobId);
    if (job) seen.push(job.done.length);
    if (job && pred(job)) return { job, seen };
    if (Date.now() > until) assert.fail(`job ${jobId} never got there: ${JSON.stringify(job && { state: job.state, done: job.done.length, error: job.error })}`);
    await sleep(everyMs);
  }
}
const finished = (job) => job.state !== 'running';


/** Seeds n files on the fixture and the ledger records a capture of them would have left (status 'captured'). */
async function seedLedger(driver, s, n) {
  const at = Date.UTC(2024, 5, 1); // old uploads: they stay below the newest captures in the popup and dashboard
  const records = capturedLemmyRecords(s, s.seedUploads(n), { tag: 'e2e', at });
  assert.equal(await driver.evaluateInExtension(PUT_RECORDS, records), n, 'records written');
  return records;
}

/** The records with these ids, as stored now. */
async function recordsOf(driver, ids) {
  const wanted = new Set(ids);
  return (await driver.readLedger()).filter((r) => wanted.has(r.id));
}

/** The records of one fixture with this key (Matrix fixtures all hand out mxc://e2e.test/m0001 first). */
const ofServer = (records, server, key) => byKey(records, key).filter((r) => r.instanceOrigin === server.origin);

/** The instance's page, logged in through the `jwt` cookie as lemmy-ui does (Takeback deletes from this tab). */
const instancePage = (driver, s) => open(driver, lemmyPage(s, { client: '0194', auth: 'cookie' }));

/** perAlias entries whose alias pict-rs removed more than once, or that got a second non-429 request. */
function repeated(s) {
  return [...s.stats.perAlias].filter(([, c]) => c.removed > 1 || c.attempts - c.rateLimited > 1).map(([alias, c]) => ({ alias, ...c }));
}
const nonDecreasing = (xs) => xs.every((x, i) => i === 0 || x >= xs[i - 1]);

/** What the last delete request the server answered for each alias did. */
function lastResults(s) {
  const last = new Map();
  for (const d of s.stats.deletes) last.set(d.alias, d.result);
  return last;
}

// ---------------------------------------------------------------------------------------------------------------

export const scenarios = [
  {
    name: 'bulk: 500 uploads, random 429s (Retry-After) and 5% failures: every item ends in the right status, none deleted twice, progress reaches 100%',
    async run({ driver }) {
      await withLemmy(driver, {}, async (s) => {
        const records = await seedLedger(driver, s, 500);
        const ids = records.map((r) => r.id);
        const page = await instancePage(driver, s);
        s.mode.rateLimit = { probability: 0.02, seed: 4, retryAfterSeconds: 1 };
        s.mode.failRate = { probability: 0.05, seed: 9 };
        const control = await controlPage(driver);
        try {
          const { jobId } = await control.send({ type: 'delete', ids });
          const { job, seen } = await waitForJob(control, jobId, finished, 75_000, 300);
          assert.equal(job.state, 'done', `job state (error ${job.error})`);
          assert.equal(job.done.length, 500, 'every item is done');
          assert.deepEqual([...job.done].sort(), [...ids].sort(), 'job.done is exactly the job');
          assert.ok(nonDecreasing(seen), `progress never went back: ${seen}`);

          assert.ok(s.stats.rateLimited > 0 && s.stats.injectedFailures > 0, `the run met 429s (${s.stats.rateLimited}) and failures (${s.stats.injectedFailures})`);
          assert.deepEqual(repeated(s), [], 'no alias removed twice, no non-429 request repeated');
          assert.ok(s.stats.maxInFlight <= 4, `at most 4 deletes in flight (saw ${s.stats.maxInFlight})`);
          assert.equal(s.stats.earlyRetries, 0, 'no retry before its Retry-After');

          const last = lastResults(s);
          const final = await recordsOf(driver, ids);
          assert.equal(final.length, 500);
          const wrong = [];
          const tally = {};
          for (const r of final) {
            const result = last.get(r.key);
            const want =
              result === 'deleted' ? { status: 'verified-gone' }
              : result === 'injected-failure' ? { status: 'failed', reason: 'server-error' }
              : result === 'rate-limited' ? { status: 'failed', reason: 'rate-limited' } // gave up after repeated 429s
              : { status: `(server answered ${result})` };
            tally[r.status] = (tally[r.status] ?? 0) + 1;
            if (r.status !== want.status || (want.reason && r.reason !== want.reason)) wrong.push({ key: r.key, server: result, status: r.status, reason: r.reason });
            if (r.status === 'verified-gone') assert.equal(s.files.has(r.key), false, `${r.key} verified gone but the fixture still has it`);
          }
          assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} records disagree with what the server did`);
          assert.equal(tally.deleting, undefined, 'no record left "deleting"');
          assert.equal(tally.failed, s.files.size, `the failed ones are exactly the files still on the server (${JSON.stringify(tally)})`);

          // The dashboard's progress bar for the job: full.
          const dash = await driver.openDashboard();
          try {
            let bar = null;
            for (const until = Date.now() + 5_000; ; await sleep(100)) {
              bar = await dash.evaluate((id) => {
                const p = document.querySelector(`.job[data-job="${id}"] progress`);
                return p && { value: p.value, max: p.max };
              }, jobId);
              if (bar?.value === 500 || Date.now() > until) break;
            }
            assert.deepEqual(bar, { value: 500, max: 500 }, 'the dashboard shows the job at 100%');
          } finally {
            await dash.close();
          }
        } finally {
          await control.close();
          await page.close();
        }
      });
    },
  },

  {
    name: 'bulk: cancel stops within one in-flight batch',
    async run({ driver }) {
      await withLemmy(driver, { delayMs: 100 }, async (s) => {
        const records = await seedLedger(driver, s, 200);
        const ids = records.map((r) => r.id);
        const page = await instancePage(driver, s);
        const control = await controlPage(driver);
        try {
          const { jobId } = await control.send({ type: 'delete', ids });
          await waitForJob(control, jobId, (j) => j.done.length >= 20, 30_000, 100);
          const acknowledged = await control.send({ type: 'cancel-job', jobId });
          const completedAtAck = s.stats.deletes.length;
          assert.equal(acknowledged, true, 'cancel acknowledged');
          const { job } = await waitForJob(control, jobId, finished, 10_000, 100);
          await sleep(500); // anything still coming would arrive now
          assert.equal(job.state, 'cancelled');
          const afterAck = s.stats.deletes.length - completedAtAck;
          assert.ok(afterAck <= 4, `${afterAck} deletes completed after the cancel was acknowledged`);
          assert.ok(job.done.length < 200, 'the job stopped early');
          assert.equal(s.stats.deletes.length, job.done.length, 'every request the server answered belongs to a done item');
          assert.ok(s.stats.maxInFlight >= 2 && s.stats.maxInFlight <= 4, `concurrency (saw ${s.stats.maxInFlight})`);
          assert.deepEqual(repeated(s), []);

          const done = new Set(job.done);
          const final = await recordsOf(driver, ids);
          const notDone = final.filter((r) => !done.has(r.id));
          assert.equal(notDone.length, 200 - job.done.length);
          assert.deepEqual([...new Set(notDone.map((r) => r.status))], ['captured'], 'the rest stay captured');
          assert.ok(notDone.every((r) => s.files.has(r.key)), 'and on the server');
          assert.deepEqual([...new Set(final.filter((r) => done.has(r.id)).map((r) => r.status))], ['verified-gone']);
        } finally {
          await control.close();
          await page.close();
        }
      });
    },
  },

  {
    name: 'backfill: 0.19.4 with 120 uploads (3 pages) → 120 items with tokens; importing again adds none',
    async run({ driver }) {
      await withLemmy(driver, {}, async (s) => {
        const seeded = s.seedUploads(120);
        const tokens = new Map(seeded.map((u) => [u.alias, u.token]));
        const page = await instancePage(driver, s);
        const control = await controlPage(driver);
        const listCalls = () => s.stats.log.filter((l) => l.path === '/api/v3/account/list_media').length;
        try {
          const importOnce = async () => {
            const { jobId } = await control.send({ type: 'import', instanceOrigin: s.origin });
            return (await waitForJob(control, jobId, finished, 30_000)).job;
          };
          const first = await importOnce();
          assert.equal(first.state, 'done');
          assert.equal(first.error, undefined, `import error: ${first.error}`);
          assert.equal(first.listed, 120);
          assert.equal(first.imported, 120);
          assert.equal(listCalls(), 3, 'three pages of 50');

          const mine = (rs) => rs.filter((r) => r.instanceOrigin === s.origin);
          const records = mine(await driver.readLedger());
          assert.equal(records.length, 120, 'one record per upload');
          for (const r of records) {
            assert.ok(tokens.has(r.key), `unknown alias ${r.key}`);
            assert.equal(r.source, 'import');
            assert.equal(r.deleteToken, tokens.get(r.key), `${r.key}: the server's delete token`);
            assert.equal(r.url, `${s.origin}/pictrs/image/${r.key}`);
            assert.equal(r.status, 'captured');
          }

          const second = await importOnce();
          assert.equal(second.state, 'done');
          assert.equal(second.listed, 120);
          assert.equal(second.imported, 0, 'importing again adds none');
          assert.equal(listCalls(), 6);
          assert.equal(mine(await driver.readLedger()).length, 120, 'still 120 records');
        } finally {
          await control.close();
          await page.close();
        }
      });
    },
  },

  {
    name: 'matrix: redaction through the Element page\'s own client removes the event and leaves the item "needs admin"',
    async run({ driver }) {
      await withMatrix(driver, {}, async (m) => {
        const page = await open(driver, `${matrixPage(m, m.origin)}&element=1`);
        const control = await controlPage(driver);
        try {
          const room = '!redact:e2e.test';
          const r = await page.evaluate((roomId, spec) => window.e2e.sendImage(roomId, spec, { thumbnail: false }), room, PNG('beach.png', 60, 40));
          const eventId = ok(r.sent, 'send').event_id;
          const mediaId = r.main.split('/').pop();
          const captured = ofServer(await waitForLedger(driver, (rs) => ofServer(rs, m, r.main)[0]?.eventId), m, r.main)[0];
          assert.ok(captured, 'captured');
          assert.deepEqual([captured.roomId, captured.eventId], [room, eventId], 'record knows the room and event');

          const { jobId } = await control.send({ type: 'delete', ids: [captured.id] });
          const { job } = await waitForJob(control, jobId, finished, 20_000);
          assert.equal(job.state, 'done');
          const [record] = await recordsOf(driver, [captured.id]);
          assert.equal(record.status, 'needs-admin', `status ${record.status} (${record.reason}: ${record.detail})`);
          assert.equal(record.reason, 'no-user-delete');
          assert.ok(record.redactedAt > 0, 'redactedAt set');

          assert.deepEqual(
            m.stats.redactions.map(({ roomId, eventId: ev, sender }) => ({ roomId, eventId: ev, sender })),
            [{ roomId: room, eventId, sender: m.userId }],
            'exactly that event was redacted, by its sender',
          );
          assert.ok(m.events.get(eventId)?.redacted_because, 'the server has the event redacted');
          assert.equal(m.stats.mediaDeletes.length, 0, 'no media delete on Synapse');
          const download = await fetch(`${m.origin}/_matrix/client/v1/media/download/${m.serverName}/${mediaId}`, { headers: { Authorization: `Bearer ${m.token}` } });
          assert.equal(download.status, 200, 'the file itself is still served');
        } finally {
          await control.close();
          await page.close();
        }
      });
    },
  },

  {
    name: 'matrix: matrix-media-repo → the uploader delete → verified gone (avatar, and a room attachment also redacted)',
    async run({ driver }) {
      await withMatrix(driver, { mediaRepo: true }, async (m) => {
        const page = await open(driver, `${matrixPage(m, m.origin)}&element=1`);
        const control = await controlPage(driver);
        try {
          const avatar = await page.evaluate((spec) => window.e2e.setAvatar(spec), PNG('me.png', 40, 40));
          ok(avatar.set, 'setAvatarUrl');
          const room = '!repo:e2e.test';
          const sent = await page.evaluate((roomId, spec) => window.e2e.sendImage(roomId, spec, { thumbnail: false }), room, PNG('pier.png', 50, 30));
          const eventId = ok(sent.sent, 'send').event_id;
          const rs = await waitForLedger(driver, (all) => ofServer(all, m, avatar.mxc)[0]?.kind === 'avatar' && ofServer(all, m, sent.main)[0]?.eventId);
          const ids = [ofServer(rs, m, avatar.mxc)[0]?.id, ofServer(rs, m, sent.main)[0]?.id];
          assert.ok(ids.every(Boolean), 'both captured');
          assert.equal(ofServer(rs, m, avatar.mxc)[0].kind, 'avatar');

          const { jobId } = await control.send({ type: 'delete', ids });
          const { job } = await waitForJob(control, jobId, finished, 20_000);
          assert.equal(job.state, 'done');
          const [a, b] = await recordsOf(driver, ids).then((got) => ids.map((id) => got.find((r) => r.id === id)));
          assert.equal(a.status, 'verified-gone', `avatar: ${a.status} (${a.reason}: ${a.detail})`);
          assert.equal(b.status, 'verified-gone', `attachment: ${b.status} (${b.reason}: ${b.detail})`);
          assert.ok(b.redactedAt > 0 && a.redactedAt === undefined, 'the message was redacted, the avatar has no message');
          assert.deepEqual(m.stats.redactions.map((x) => x.eventId), [eventId]);

          const mediaIds = [avatar.mxc, sent.main].map((x) => x.split('/').pop());
          assert.deepEqual(
            m.stats.mediaDeletes.map(({ mediaId, status, user }) => ({ mediaId, status, user })).sort((x, y) => x.mediaId.localeCompare(y.mediaId)),
            mediaIds.map((mediaId) => ({ mediaId, status: 200, user: m.userId })).sort((x, y) => x.mediaId.localeCompare(y.mediaId)),
            'one uploader delete each, as the uploader',
          );
          for (const id of mediaIds) {
            assert.equal(m.media.get(id)?.deleted, true, `${id} purged`);
            const download = await fetch(`${m.origin}/_matrix/client/v1/media/download/${m.serverName}/${id}`, { headers: { Authorization: `Bearer ${m.token}` } });
            assert.equal(download.status, 404, `${id} no longer served`);
          }
        } finally {
          await control.close();
          await page.close();
        }
      });
    },
  },

  {
    name: 'bulk: a browser restart mid-run resumes the job',
    async run({ driver }) {
      await withLemmy(driver, { delayMs: 100 }, async (s) => {
        const records = await seedLedger(driver, s, 200);
        const ids = records.map((r) => r.id);
        let page = await instancePage(driver, s);
        // lemmy-ui keeps its login in a persistent cookie (a year), so it outlives a browser restart.
        await page.evaluate((jwt) => (document.cookie = `jwt=${jwt}; path=/; max-age=86400; SameSite=Strict`), s.jwt);
        let control = await controlPage(driver);
        try {
          const { jobId } = await control.send({ type: 'delete', ids });
          const before = (await waitForJob(control, jobId, (j) => j.done.length >= 30, 30_000, 100)).job;
          assert.equal(before.state, 'running');
          // The browser closes with the instance's tab and the control page open, as a person would quit it.
          const atRestart = s.stats.deletes.length;
          await driver.restart();
          page = await instancePage(driver, s);
          control = await controlPage(driver);
          const { job } = await waitForJob(control, jobId, finished, 45_000);
          assert.equal(job.state, 'done', `job state (error ${job.error})`);
          assert.deepEqual([...job.done].sort(), [...ids].sort(), 'every item done');
          const final = await recordsOf(driver, ids);
          const tally = {};
          for (const r of final) tally[[r.status, r.reason, r.detail].filter(Boolean).join(': ')] = (tally[[r.status, r.reason, r.detail].filter(Boolean).join(': ')] ?? 0) + 1;
          const notGone = final.filter((r) => r.status !== 'verified-gone').map((r) => ({ key: r.key, status: r.status, reason: r.reason, server: lastResults(s).get(r.key) }));
          assert.deepEqual(notGone.slice(0, 5), [], `${notGone.length} not verified gone (${atRestart} deletes answered before the restart): ${JSON.stringify(tally)}`);
          // More than the (at most 4) requests in flight when the browser closed were answered afterwards.
          assert.ok(s.stats.deletes.length > atRestart + 4, `it carried on after the restart (${atRestart} answered before, ${s.stats.deletes.length} in all)`);
          assert.deepEqual(repeated(s), [], 'no alias deleted twice, no request repeated');
          assert.equal(s.files.size, 0, 'the server has none of the files');
          assert.ok([...s.stats.perAlias.values()].every((c) => c.removed === 1), 'each removed exactly once');
        } finally {
          await page.evaluate(() => (document.cookie = 'jwt=; max-age=0; path=/')).catch(() => {});
          await control.close().catch(() => {});
          await page.close().catch(() => {});
        }
      });
    },
  },

  // Last: after every scenario above (and those of the other files) has logged in with these secrets.
  {
    name: 'no JWT, access token or password anywhere in extension storage after these tests',
    async run({ driver, servers }) {
      for (const s of [...Object.values(servers.lemmy), servers.guarded, servers.asked, servers.matrix]) remember(s);
      const CANARY = 'e2e-scan-canary-eyJhbGciOiJIUzI1NiJ9';
      const CANARY_ORIGIN = 'https://scan-canary.invalid';
      const needles = [...secrets, ...attackSecrets, CANARY];
      const SCAN = async (needles, canary, canaryOrigin) => {
        const api = globalThis.browser ?? globalThis.chrome;
        const idb = (name, run) =>
          new Promise((resolve, reject) => {
            const req = indexedDB.open(name);
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const db = req.result;
              Promise.resolve(run(db)).then((v) => (db.close(), resolve(v)), (e) => (db.close(), reject(e)));
            };
          });
        const done = (tx, value) => new Promise((resolve, reject) => ((tx.oncomplete = () => resolve(value())), (tx.onerror = () => reject(tx.error))));
        // Canaries in storage.local and in the ledger's instances store: the scan has to find them, or it proves nothing.
        await api.storage.local.set({ e2eScanCanary: { token: canary, note: 'not a password' } });
        await idb('takeback', (db) => {
          const tx = db.transaction('instances', 'readwrite');
          tx.objectStore('instances').put({ origin: canaryOrigin, platform: 'lemmy', version: canary, checkedAt: 0 });
          return done(tx, () => true);
        });
        const hits = [];
        const scanned = {};
        const check = (where, value) => {
          const text = JSON.stringify(value);
          for (const n of needles) if (text.includes(n)) hits.push({ where, needle: n });
          if (/password/i.test(text)) hits.push({ where, needle: 'password' });
        };
        try {
          const names = new Set(['takeback', ...((await indexedDB.databases?.()) ?? []).map((d) => d.name)]);
          for (const name of names) {
            await idb(name, async (db) => {
              for (const store of db.objectStoreNames) {
                const tx = db.transaction(store);
                const k = tx.objectStore(store).getAllKeys();
                const v = tx.objectStore(store).getAll();
                const [keys, values] = await done(tx, () => [k.result, v.result]);
                scanned[`indexedDB:${name}/${store}`] = values.length;
                values.forEach((value, i) => check(`indexedDB:${name}/${store} ${JSON.stringify(keys[i]).slice(0, 100)}`, [keys[i], value]));
              }
            });
          }
          for (const area of ['local', 'session', 'sync']) {
            const all = await api.storage[area]?.get(null).catch(() => null);
            if (!all) continue;
            scanned[`storage.${area}`] = Object.keys(all).length;
            for (const [k, v] of Object.entries(all)) check(`storage.${area} ${k}`, [k, v]);
          }
        } finally {
          await api.storage.local.remove('e2eScanCanary');
          await idb('takeback', (db) => {
            const tx = db.transaction('instances', 'readwrite');
            tx.objectStore('instances').delete(canaryOrigin);
            return done(tx, () => true);
          });
        }
        return { hits: hits.slice(0, 200), scanned };
      };
      const { hits, scanned } = await driver.evaluateInExtension(SCAN, needles, CANARY, CANARY_ORIGIN);
      const planted = new Set(['storage.local e2eScanCanary', `indexedDB:takeback/instances ${JSON.stringify(CANARY_ORIGIN)}`]);
      assert.deepEqual(
        hits.filter((h) => planted.has(h.where)).map((h) => `${h.where} ${h.needle}`).sort(),
        [`indexedDB:takeback/instances ${JSON.stringify(CANARY_ORIGIN)} ${CANARY}`, `storage.local e2eScanCanary ${CANARY}`, 'storage.local e2eScanCanary password'].sort(),
        `the scan finds what was planted in IndexedDB and storage.local (scanned ${JSON.stringify(scanned)})`,
      );
      assert.ok(scanned['indexedDB:takeback/uploads'] !== undefined, `the uploads store was read: ${JSON.stringify(scanned)}`);
      const found = hits.filter((h) => !planted.has(h.where));
      assert.deepEqual(found, [], `login secrets or "password" in extension storage (looked for ${secrets.size} secrets in ${JSON.stringify(scanned)})`);
      assert.ok(secrets.has('e2e-matrix-token') && secrets.has(servers.lemmy['0.19.4'].jwt), 'looked for the fixture logins');
    },
  },
];

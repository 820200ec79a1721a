// Erasure pack benchmark (part "erasure" of bench/run.mjs; Node only, no browser, no build).
//   E  buildErasurePack (utils/erasure/pack.ts: letter, admin appendix, Markdown, JSON and CSV) for 10,000 items over
//      three instances (Lemmy 0.19, Lemmy 1.0, Synapse), bundled from source with esbuild: median of 7 runs after 2
//      warm-ups. Target <= 1 s. The pack is checked afterwards (JSON and CSV read back, every instance's items in the
//      Markdown), so a fast but wrong pack fails instead of passing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PACK_ENTRY = path.join(ROOT, 'utils', 'erasure', 'pack.ts');

const TARGETS = [
  { instanceOrigin: 'https://lemmy.world.example', software: 'lemmy-0.19', version: '0.19.9' },
  { instanceOrigin: 'https://lemmy.one.example', software: 'lemmy-1.0', version: '1.0.0' },
  { instanceOrigin: 'https://matrix.example.org', software: 'synapse', serverName: 'example.org' },
];
const NAMES = ['IMG_20240101_120000.jpg', 'Ünïcødé 写真 ñ.png', 'holiday, beach "best".jpg', 'Screenshot 2025-05-01 at 10.00.00.png', '🐱 cat.gif', 'scan-0042.pdf', null];
const LEMMY_KINDS = ['post-image', 'post-image', 'image', 'avatar', 'banner'];
const LEMMY_REASONS = ['no-server-record', 'still-served', 'no-api-key', 'no-delete-token'];
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 10,000 items as utils/erasure/types.ts ErasureItem, deterministic. */
export function makeErasureItems(n, now = Date.UTC(2026, 0, 31)) {
  let x = 987654321;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const token = (len, alphabet = B64URL) => Array.from({ length: len }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  const hex = (len) => token(len, '0123456789abcdef');
  const items = [];
  for (let i = 0; i < n; i++) {
    const t = TARGETS[i % TARGETS.length];
    const name = NAMES[i % NAMES.length];
    const common = { id: `${token(16)}.0@https://app.example`, instanceOrigin: t.instanceOrigin, fileName: name, uploadedAt: now - Math.floor(rnd() * 730 * 86_400_000) };
    if (t.software === 'synapse') {
      const mediaId = token(24);
      const mxc = `mxc://${t.serverName}/${mediaId}`;
      items.push({
        ...common, platform: 'matrix', kind: i % 11 ? 'attachment' : 'room-avatar', url: `${t.instanceOrigin}/_matrix/client/v1/media/download/${t.serverName}/${mediaId}`,
        key: mxc, mxc, mime: name ? 'image/jpeg' : null, account: '@alice:example.org', roomId: `!${token(18)}:example.org`, eventId: `$${token(43)}`,
        reason: 'no-user-delete',
      });
    } else {
      const key = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}.${i % 4 ? 'jpeg' : 'webp'}`;
      items.push({
        ...common, platform: 'lemmy', kind: LEMMY_KINDS[i % LEMMY_KINDS.length], url: `${t.instanceOrigin}/pictrs/image/${key}`, key,
        mime: name ? 'image/jpeg' : null, account: 'alice', reason: LEMMY_REASONS[i % LEMMY_REASONS.length],
      });
    }
  }
  return items;
}

/** buildErasurePack from utils/erasure/pack.ts (or `entry`), bundled for Node; a clear error when it is not there. */
async function loadPack(entry) {
  const rel = path.relative(ROOT, entry);
  if (!fs.existsSync(entry)) throw new Error(`erasure: ${rel} does not exist yet, so there is no buildErasurePack to measure`);
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', alias: { '@': ROOT }, absWorkingDir: ROOT, logLevel: 'silent',
  });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  if (typeof mod.buildErasurePack !== 'function') throw new Error(`erasure: ${rel} does not export a function buildErasurePack`);
  return mod.buildErasurePack;
}

/** Throws unless the pack holds every item: JSON and CSV read back in full, each instance's last item in the Markdown. */
function checkPack(pack, items) {
  for (const k of ['letter', 'markdown', 'json', 'csv']) if (typeof pack?.[k] !== 'string' || !pack[k]) throw new Error(`erasure: the pack has no ${k}`);
  if (!Array.isArray(pack.appendix) || !pack.appendix.length) throw new Error('erasure: the pack has no admin appendix');
  const json = JSON.parse(pack.json);
  if (json.items?.length !== items.length || json.items.some((it, i) => it.id !== items[i].id)) throw new Error('erasure: the JSON export does not list every item in order');
  const rows = parse(pack.csv, { bom: true });
  if (rows.length !== items.length + 1) throw new Error(`erasure: the CSV has ${rows.length} rows for ${items.length} items`);
  for (const t of TARGETS) {
    const last = items.findLast((it) => it.instanceOrigin === t.instanceOrigin);
    const id = last.key.split('/').pop();
    if (!pack.markdown.includes(id)) throw new Error(`erasure: the Markdown does not mention ${id} (${t.software})`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Returns { items, instances, warmups, runs, ms: { median, min, max, all }, sizes, bundleMs }. */
export async function benchErasure({ items: n = 10_000, runs = 7, warmups = 2, entry = PACK_ENTRY, log = () => {} } = {}) {
  const t0 = performance.now();
  const buildErasurePack = await loadPack(entry);
  const bundleMs = performance.now() - t0;
  const items = makeErasureItems(n);
  const now = Date.UTC(2026, 0, 31, 9);
  const request = {
    id: 'bench-erasure-request', createdAt: now, updatedAt: now, state: 'draft', language: 'en', itemIds: items.map((it) => it.id),
    instanceOrigins: TARGETS.map((t) => t.instanceOrigin),
    requester: { name: 'Alice Example', email: 'alice@example.net', accounts: Object.fromEntries(TARGETS.map((t) => [t.instanceOrigin, t.serverName ? '@alice:example.org' : 'alice'])) },
  };
  const input = { request, targets: TARGETS, items, language: 'en', writtenOn: '2026-01-31', now };

  let pack;
  const all = [];
  for (let i = 0; i < warmups + runs; i++) {
    const s = performance.now();
    pack = buildErasurePack(input);
    const ms = performance.now() - s;
    if (i >= warmups) all.push(ms);
  }
  checkPack(pack, items);
  const ms = { median: median(all), min: Math.min(...all), max: Math.max(...all), all: all.map((x) => Number(x.toFixed(1))) };
  const sizes = {
    letterChars: pack.letter.length, markdownChars: pack.markdown.length, appendixSteps: pack.appendix.length,
    jsonBytes: Buffer.byteLength(pack.json), csvBytes: Buffer.byteLength(pack.csv),
  };
  log(`erasure: ${n} items, pack in ${ms.median.toFixed(1)} ms (median of ${runs} after ${warmups} warm-ups; all ${ms.all.join(', ')})`);
  return { items: n, instances: TARGETS.length, warmups, runs, ms, sizes, bundleMs };
}

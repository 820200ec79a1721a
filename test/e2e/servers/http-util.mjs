// Small helpers shared by the fixture servers. Everything listens on 127.0.0.1 only.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const HOST = '127.0.0.1';

/** Starts `handler` on 127.0.0.1:<random>; resolves {server, port, origin, close}. */
const USED_PORTS = new Set();

export async function listen(handler) {
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error) => {
      if (!res.headersSent) send(res, 500, { error: String(error?.stack ?? error) });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Never a port this run used before: the browser's profile lives on across scenarios, and what Takeback learnt about
  // an earlier fixture on the same origin (its records, the server software it runs) must not carry over to a new one.
  let port;
  for (let tries = 0; ; tries++) {
    await new Promise((resolve, reject) => server.listen(0, HOST, resolve).once('error', reject));
    port = server.address().port;
    if (!USED_PORTS.has(port) || tries >= 50) break;
    await new Promise((resolve) => server.close(resolve));
  }
  USED_PORTS.add(port);
  return {
    server,
    port,
    origin: `http://${HOST}:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Reads the whole body. `slowMs` pauses that long after every chunk (so the client sees upload progress spread out).
 * Resolves {buffer, complete:false} when the client went away before the end.
 */
export function readBody(req, { slowMs = 0, limit = Infinity } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = (complete) => {
      if (done) return;
      done = true;
      resolve({ buffer: Buffer.concat(chunks), size, complete });
    };
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk); // past the limit: drain, keep nothing
      if (slowMs) {
        req.pause();
        setTimeout(() => req.resume(), slowMs);
      }
    });
    req.on('end', () => finish(true));
    req.on('aborted', () => finish(false));
    req.on('close', () => finish(req.complete));
    req.on('error', () => finish(false));
  });
}

export function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...(body !== undefined && typeof body !== 'string' && { 'Content-Type': 'application/json' }),
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

/** Serves GET /e2e/<file> from dir (the built test pages). Returns true when it answered. */
export function serveStatic(req, res, dir) {
  const url = new URL(req.url, 'http://x');
  if (req.method !== 'GET' || !dir || !url.pathname.startsWith('/e2e/')) return false;
  const rel = path.normalize(decodeURIComponent(url.pathname.slice('/e2e/'.length)));
  const file = path.join(dir, rel);
  if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    send(res, 404, 'not found', { 'Content-Type': 'text/plain' });
    return true;
  }
  const data = fs.readFileSync(file);
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': data.length,
    'Cache-Control': 'no-store',
  });
  res.end(data);
  return true;
}

/**
 * A plain static server for pages that live on their own origin (an Element- or Alexandrite-style UI). app: the e2e
 * page (its script's name) served as the app at "/", as app.element.io serves Element.
 */
export async function startStatic({ dir, app = null }) {
  const l = await listen((req, res) => {
    if (serveStatic(req, res, dir)) return;
    if (app && req.method === 'GET' && new URL(req.url, 'http://x').pathname === '/') {
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>${app}</title><script src="/e2e/${app}.js"></script></head><body></body></html>`;
      return send(res, 200, html, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    }
    send(res, 404, 'not found', { 'Content-Type': 'text/plain' });
  });
  return { ...l, localhostOrigin: `http://localhost:${l.port}` };
}

/** Parses multipart/form-data into [{name, filename, type, data}]. Enough for what browsers send. */
export function parseMultipart(buffer, contentType) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!m) return [];
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts = [];
  let pos = buffer.indexOf(boundary);
  while (pos !== -1) {
    const start = pos + boundary.length;
    if (buffer.slice(start, start + 2).toString() === '--') break;
    const headerEnd = buffer.indexOf('\r\n\r\n', start);
    if (headerEnd === -1) break;
    const next = buffer.indexOf(boundary, headerEnd);
    if (next === -1) break;
    const head = buffer.slice(start + 2, headerEnd).toString('utf8');
    const data = buffer.slice(headerEnd + 4, next - 2); // strip the CRLF before the boundary
    const disp = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disp)?.[1] ?? null,
      filename: /\bfilename="([^"]*)"/i.exec(disp)?.[1] ?? null,
      type: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? '',
      data,
    });
    pos = next;
  }
  return parts;
}

/** Width and height of a PNG, or null. */
export function pngSize(data) {
  if (data.length < 24 || data.readUInt32BE(0) !== 0x89504e47) return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

export function cookies(req) {
  const out = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

export function bearer(req) {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1].trim() : null;
}

/** A deterministic PRNG in [0, 1) (mulberry32): the same seed gives the same sequence on every run. */
export function seededRandom(seed = 1) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tiny valid PNG (1×1 grey pixel plus a tEXt chunk carrying `label`), so every seeded file has distinct bytes. */
export function tinyPng(label = '') {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1×1, 8-bit greyscale
  const idat = Buffer.from([0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00, 0x82, 0x00, 0x81]); // zlib of [0, 0x80]
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${label}`, 'latin1')),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

// Builds the test pages (test/e2e/pages/*.js, bundled with the real client libraries) into test/e2e/.pages/.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const HERE = path.dirname(new URL(import.meta.url).pathname);
export const PAGES_SRC = path.join(HERE, '..', 'pages');
export const PAGES_OUT = path.join(HERE, '..', '.pages');
const ENTRIES = ['lemmy', 'matrix', 'hostile', 'attack', 'zoned', 'early'];
// Pages whose bundle is their first INLINE script (issue 13: an upload from a page's very first script).
const INLINE = new Set(['early']);
// Service worker scripts (served from /e2e/, registered by the attack page), copied as they are.
const WORKERS = ['forge-sw.js', 'upload-sw.js'];

export async function buildPages() {
  fs.rmSync(PAGES_OUT, { recursive: true, force: true });
  fs.mkdirSync(PAGES_OUT, { recursive: true });
  const result = await build({
    entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, path.join(PAGES_SRC, `${e}.js`)])),
    outdir: PAGES_OUT,
    bundle: true,
    platform: 'browser', // honours package.json "browser" fields: cross-fetch 3.1.8 -> whatwg-fetch over XHR
    format: 'iife',
    target: 'es2022',
    sourcemap: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  if (result.errors.length) throw new Error(`page build failed: ${result.errors.map((e) => e.text).join('; ')}`);
  for (const w of WORKERS) fs.copyFileSync(path.join(PAGES_SRC, 'workers', w), path.join(PAGES_OUT, w));
  for (const e of ENTRIES) {
    // The bundle loads synchronously in <head>, so the client library is constructed while the page loads.
    const script = INLINE.has(e) ? `<script>${fs.readFileSync(path.join(PAGES_OUT, `${e}.js`), 'utf8').replaceAll('</script', '<\\/script')}</script>` : `<script src="${e}.js"></script>`;
    fs.writeFileSync(
      path.join(PAGES_OUT, `${e}.html`),
      `<!doctype html><html><head><meta charset="utf-8">${script}<title>e2e ${e}</title></head>` + `<body><h1>${e}</h1></body></html>\n`,
    );
  }
  return PAGES_OUT;
}

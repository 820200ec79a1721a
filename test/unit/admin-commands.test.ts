// The admin appendix's commands: parsed back with a small POSIX shell-words tokenizer (and, for the trickiest, a real
// sh) to prove they say exactly what they mean: method, headers, URL, the mxc parts encoded, the JSON body.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminSteps, instanceTarget, softwareOf } from '@/utils/erasure/appendix';
import { shellQuote } from '@/utils/erasure/commands';
import type { AdminStep, ErasureItem, InstanceTarget, ServerSoftware } from '@/utils/erasure/types';
import { lemmyAdminSteps } from '@/utils/platforms/lemmy-admin';
import { matrixAdminSteps, matrixSoftware, parseFederationVersion, parseMxc } from '@/utils/platforms/matrix-admin';
import type { InstanceInfo } from '@/utils/records';

/** Splits a line as sh would, without expanding anything. Throws on what our commands must never contain. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; ) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      word ??= '';
      for (i++; ; i++) {
        const d = line[i];
        if (d === undefined) throw new Error(`unclosed " in ${line}`);
        if (d === '"') break;
        if (d === '!') throw new Error(`! inside double quotes (interactive bash expands it) in ${line}`);
        if (d === '\\' && '$`"\\'.includes(line[i + 1] ?? '')) word += line[++i];
        else word += d;
      }
      i++;
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i += 2;
    } else if (c === ' ') {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (/[\s;&|<>()`$!*?[\]#~{}]/.test(c)) {
      throw new Error(`unquoted ${JSON.stringify(c)} in ${line}`);
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

interface Curl {
  method: string;
  headers: string[];
  data?: string;
  url: URL;
}

function parseCurl(line: string): Curl {
  const [cmd, ...args] = shellWords(line);
  expect(cmd).toBe('curl');
  const out: Partial<Curl> & { headers: string[] } = { headers: [] };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-X') out.method = args[++i];
    else if (a === '-H') out.headers.push(args[++i]!);
    else if (a === '--data') out.data = args[++i];
    else rest.push(a);
  }
  expect(rest).toHaveLength(1);
  return { ...out, method: out.method!, url: new URL(rest[0]!) };
}

const segments = (url: URL) => url.pathname.split('/').slice(1);

let seq = 0;
function item(over: Partial<ErasureItem>): ErasureItem {
  seq++;
  return { id: `rec${seq}`, platform: 'matrix', kind: 'attachment', instanceOrigin: HS, url: `${HS}/x`, key: '', fileName: null, mime: null, uploadedAt: 0, ...over };
}

const LEMMY = 'https://lemmy.example';
const HS = 'https://matrix-client.example';
const lemmyItem = (alias: string) => item({ platform: 'lemmy', instanceOrigin: LEMMY, key: alias, url: `${LEMMY}/pictrs/image/${alias}` });
const mxItem = (mxc: string, account?: string) => item({ key: mxc, mxc, ...(account && { account }) });
const commandsOf = (steps: AdminStep[], topic: AdminStep['topic']) => steps.filter((s) => s.topic === topic).flatMap((s) => s.commands);

const TRICKY_ALIASES = ['6a0d1c2e-9f3b-4e5a.png', `it's "quoted".png`, 'back\\slash $HOME `id` !x.jpg', 'ümlaut ?&=#%.webp'];

describe('Lemmy 1.0: admin DELETE /api/v4/image', () => {
  const items = TRICKY_ALIASES.map(lemmyItem);
  const steps = lemmyAdminSteps({ instanceOrigin: LEMMY, software: 'lemmy-1.0' }, items);

  it('one purge per item, each a curl DELETE with the admin JWT and the exact filename as JSON', () => {
    expect(steps.map((s) => s.topic)).toEqual(['lemmy-1.0-purge', 'remote-copies']);
    const lines = commandsOf(steps, 'lemmy-1.0-purge');
    expect(lines).toHaveLength(items.length);
    const filenames = lines.map((line) => {
      const c = parseCurl(line);
      expect(c.method).toBe('DELETE');
      expect(c.headers).toEqual(['Authorization: Bearer $LEMMY_ADMIN_JWT', 'Content-Type: application/json']);
      expect(c.url.href).toBe(`${LEMMY}/api/v4/image`);
      const body = JSON.parse(c.data!);
      expect(Object.keys(body)).toEqual(['filename']);
      return body.filename;
    });
    expect(filenames).toEqual(TRICKY_ALIASES);
  });

  it('a real sh hands curl the same arguments (nothing expanded, quotes intact)', () => {
    for (const [i, line] of commandsOf(steps, 'lemmy-1.0-purge').entries()) {
      const argv = execFileSync('sh', ['-c', line.replace(/^curl /, `printf '%s\\0' `)], { env: { LEMMY_ADMIN_JWT: 'jwt-x', HOME: '/h' } })
        .toString()
        .split('\0')
        .slice(0, -1);
      expect(argv).toEqual(['-X', 'DELETE', '-H', 'Authorization: Bearer jwt-x', '-H', 'Content-Type: application/json', '--data', JSON.stringify({ filename: TRICKY_ALIASES[i] }), `${LEMMY}/api/v4/image`]);
    }
  });

  it('an alias that would break the line (newline, control characters, empty) gets no command and is listed as skipped', () => {
    const bad = [lemmyItem('a\nrm -rf /'), lemmyItem(''), lemmyItem('x\u0007'), lemmyItem('y'.repeat(256))];
    const good = lemmyItem('fine.png');
    const [purge] = lemmyAdminSteps({ instanceOrigin: LEMMY, software: 'lemmy-1.0' }, [...bad, good]);
    expect(purge!.commands).toHaveLength(1);
    expect(JSON.parse(parseCurl(purge!.commands[0]!).data!)).toEqual({ filename: 'fine.png' });
    expect(purge!.skipped).toEqual(bad.map((b) => b.id));
  });
});

describe('Lemmy 0.18/0.19: pict-rs purge inside its container', () => {
  function purgeUrl(line: string): URL {
    const outer = shellWords(line);
    expect(outer.slice(0, 6)).toEqual(['docker', 'compose', 'exec', 'pictrs', 'sh', '-c']);
    expect(outer).toHaveLength(7);
    const inner = shellWords(outer[6]!.replaceAll('${PICTRS__SERVER__API_KEY:-$PICTRS__API_KEY}', 'KEY'));
    expect(inner.slice(0, 5)).toEqual(['wget', '-q', '-O-', '--post-data=', '--header=X-Api-Token: KEY']);
    expect(inner).toHaveLength(6);
    return new URL(inner[5]!);
  }

  it('POSTs /internal/purge with the API key from the container, the alias strictly percent-encoded', () => {
    const items = TRICKY_ALIASES.map(lemmyItem);
    const steps = lemmyAdminSteps({ instanceOrigin: LEMMY, software: 'lemmy-0.19', version: '0.19.3' }, items);
    expect(steps.map((s) => s.topic)).toEqual(['lemmy-pictrs-purge', 'remote-copies']);
    const lines = commandsOf(steps, 'lemmy-pictrs-purge');
    expect(lines[0]).toContain(`sh -c 'wget`);
    expect(lines[0]).toContain(`--header="X-Api-Token: \${PICTRS__SERVER__API_KEY:-$PICTRS__API_KEY}"`);
    const aliases = lines.map((line) => {
      const url = purgeUrl(line);
      expect(`${url.origin}${url.pathname}`).toBe('http://127.0.0.1:8080/internal/purge');
      expect([...url.searchParams.keys()]).toEqual(['alias']);
      expect(url.search).toMatch(/^\?alias=[A-Za-z0-9%._~-]+$/);
      return url.searchParams.get('alias');
    });
    expect(aliases).toEqual(TRICKY_ALIASES);
  });

  it('a real sh runs it as meant: the key comes from the container environment (either variable name)', () => {
    // Stand-ins on PATH: `docker compose exec pictrs …` runs the rest here; `wget` prints the arguments it got.
    const bin = mkdtempSync(join(tmpdir(), 'takeback-sh-'));
    writeFileSync(join(bin, 'docker'), '#!/bin/sh\nshift 3\nexec "$@"\n', { mode: 0o755 });
    writeFileSync(join(bin, 'wget'), "#!/bin/sh\nprintf '%s\\0' \"$@\"\n", { mode: 0o755 });
    const [line] = commandsOf(lemmyAdminSteps({ instanceOrigin: LEMMY, software: 'lemmy-0.18' }, [lemmyItem(TRICKY_ALIASES[2]!)]), 'lemmy-pictrs-purge');
    const run = (env: Record<string, string>) =>
      execFileSync('sh', ['-c', line!], { env: { PATH: `${bin}:${process.env.PATH}`, ...env } }).toString().split('\0').slice(0, -1);
    try {
      const argv = run({ PICTRS__SERVER__API_KEY: 'k-new' });
      expect(argv.slice(0, 4)).toEqual(['-q', '-O-', '--post-data=', '--header=X-Api-Token: k-new']);
      expect(new URL(argv[4]!).searchParams.get('alias')).toBe(TRICKY_ALIASES[2]);
      expect(run({ PICTRS__API_KEY: 'k-old' })[3]).toBe('--header=X-Api-Token: k-old');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('0.19.4 and later add the admin page listing uploads; 0.19.3, a 0.19.4 prerelease and 0.18 do not', () => {
    const items = [lemmyItem('a.png')];
    const uploads = (software: ServerSoftware, version?: string) =>
      commandsOf(lemmyAdminSteps({ instanceOrigin: LEMMY, software, ...(version && { version }) }, items), 'lemmy-admin-uploads');
    expect(uploads('lemmy-0.19', '0.19.4')).toEqual([`${LEMMY}/admin`]);
    expect(uploads('lemmy-0.19', '0.19.12')).toEqual([`${LEMMY}/admin`]);
    expect(uploads('lemmy-0.19', '0.19.3')).toEqual([]);
    expect(uploads('lemmy-0.19', '0.19.4-rc.1')).toEqual([]);
    expect(uploads('lemmy-0.19')).toEqual([]);
    expect(uploads('lemmy-0.18', '0.18.5')).toEqual([]);
    expect(lemmyAdminSteps({ instanceOrigin: LEMMY, software: 'lemmy-0.18' }, items).map((s) => s.topic)).toEqual(['lemmy-pictrs-purge', 'remote-copies']);
  });

  it('unknown version: the pict-rs purge and the 1.0 command, each for every item', () => {
    const items = [lemmyItem('a.png'), lemmyItem('b.png')];
    const steps = lemmyAdminSteps({ instanceOrigin: LEMMY, software: 'lemmy-unknown' }, items);
    expect(steps.map((s) => s.topic)).toEqual(['lemmy-pictrs-purge', 'lemmy-1.0-purge', 'remote-copies']);
    expect(commandsOf(steps, 'lemmy-pictrs-purge').map((l) => purgeUrl(l).searchParams.get('alias'))).toEqual(['a.png', 'b.png']);
    expect(commandsOf(steps, 'lemmy-1.0-purge').map((l) => JSON.parse(parseCurl(l).data!).filename)).toEqual(['a.png', 'b.png']);
  });
});

describe('Matrix homeservers', () => {
  const SERVER = 'matrix.example:8448';
  const target = (software: ServerSoftware, serverName: string | undefined = SERVER): InstanceTarget => ({ instanceOrigin: HS, software, ...(serverName && { serverName }) });
  const local1 = mxItem(`mxc://${SERVER}/AbC_d-123`, `@alice:${SERVER}`);
  const local2 = mxItem(`mxc://${SERVER}/zz9`, `@alice:${SERVER}`);
  const local3 = mxItem(`mxc://${SERVER}/Q-_q`, `@o'hara=x/y:${SERVER}`);
  const remote = mxItem('mxc://other.example/remote1', '@bob:other.example');
  const MALFORMED = [
    `mxc://${SERVER}/bad/id`,
    `mxc://${SERVER}/`,
    `mxc://${SERVER}/a'b`,
    `mxc://${SERVER}/a b`,
    `mxc://${SERVER}/a%2Fb`,
    `mxc://${SERVER}/..`,
    'mxc:///nohost',
    'mxc://evil.example:99999999/x',
    'mxc://ev"il/x',
    'https://matrix.example/x',
    `mxc://${SERVER}/x\nrm -rf /`,
    '',
  ].map((m) => mxItem(m, `@alice:${SERVER}`));
  const local = [local1, local2, local3];
  const all = [local1, remote, ...MALFORMED, local2, local3];
  const mediaIds = local.map((i) => parseMxc(i.mxc)!.mediaId);

  it('parses only well-formed mxc URIs', () => {
    expect(parseMxc(local1.mxc)).toEqual({ server: SERVER, mediaId: 'AbC_d-123' });
    expect(parseMxc('mxc://[2001:db8::1]:8448/abc')).toEqual({ server: '[2001:db8::1]:8448', mediaId: 'abc' });
    for (const m of MALFORMED) expect(parseMxc(m.mxc)).toBeNull();
  });

  it('Synapse: a DELETE per local item with the mxc parts encoded; per-account media; caveats; remote copies', () => {
    const steps = matrixAdminSteps(target('synapse'), all);
    expect(steps.map((s) => s.topic)).toEqual(['synapse-delete-media', 'synapse-delete-user-media', 'synapse-delete-user-media', 'synapse-caveats', 'remote-copies']);
    const deletes = commandsOf(steps, 'synapse-delete-media').map(parseCurl);
    expect(deletes.map((c) => c.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
    for (const c of deletes) expect(c.headers).toEqual(['Authorization: Bearer $SYNAPSE_ADMIN_TOKEN']);
    expect(deletes.map((c) => c.url.origin)).toEqual([HS, HS, HS]);
    expect(deletes.map((c) => segments(c.url))).toEqual(mediaIds.map((id) => ['_synapse', 'admin', 'v1', 'media', 'matrix.example%3A8448', encodeURIComponent(id)]));
    expect(steps[0]!.skipped).toEqual(MALFORMED.map((m) => m.id));

    const users = steps.filter((s) => s.topic === 'synapse-delete-user-media');
    expect(users.map((s) => s.itemIds)).toEqual([
      [local1.id, ...MALFORMED.map((m) => m.id), local2.id],
      [local3.id],
    ]);
    const [alice, ohara] = users.map((s) => parseCurl(s.commands[0]!));
    expect(alice!.method).toBe('DELETE');
    expect(segments(alice!.url)).toEqual(['_synapse', 'admin', 'v1', 'users', encodeURIComponent(`@alice:${SERVER}`), 'media']);
    expect(segments(ohara!.url)[4]).toBe(encodeURIComponent(`@o'hara=x/y:${SERVER}`));

    expect(steps.find((s) => s.topic === 'synapse-caveats')!.commands).toEqual([]);
    expect(steps.at(-1)).toEqual({ topic: 'remote-copies', instanceOrigin: HS, software: 'synapse', commands: [], itemIds: [remote.id] });
  });

  it('every item is in exactly the commands meant for it; remote and malformed ones in none', () => {
    for (const software of ['synapse', 'matrix-media-repo', 'continuwuity', 'matrix-unknown'] as const) {
      const steps = matrixAdminSteps(target(software), all);
      const perItem = steps.filter((s) => s.topic !== 'synapse-delete-user-media').flatMap((s) => s.commands);
      const perSoftware = software === 'matrix-unknown' ? 3 : 1;
      for (const id of mediaIds) expect(perItem.filter((line) => line.includes(`/${id}`)).length).toBe(perSoftware);
      expect(perItem).toHaveLength(mediaIds.length * perSoftware);
      expect(perItem.join('\n')).not.toMatch(/remote1|other\.example/);
    }
  });

  it('matrix-media-repo: POST admin purge', () => {
    const steps = matrixAdminSteps(target('matrix-media-repo'), all);
    expect(steps.map((s) => s.topic)).toEqual(['matrix-media-repo-purge', 'remote-copies']);
    for (const [i, line] of steps[0]!.commands.entries()) {
      const c = parseCurl(line);
      expect(c.method).toBe('POST');
      expect(c.headers).toEqual(['Authorization: Bearer $ADMIN_TOKEN']);
      expect(segments(c.url)).toEqual(['_matrix', 'media', 'unstable', 'admin', 'purge', encodeURIComponent(SERVER), encodeURIComponent(mediaIds[i]!)]);
    }
  });

  it('continuwuity: one admin-room line per item', () => {
    const steps = matrixAdminSteps(target('continuwuity'), all);
    expect(steps.map((s) => s.topic)).toEqual(['continuwuity-delete', 'remote-copies']);
    expect(steps[0]!.commands).toEqual(local.map((i) => `!admin media delete --mxc ${i.mxc}`));
    for (const line of steps[0]!.commands) expect(line).toMatch(/^!admin media delete --mxc mxc:\/\/[^\s]+$/);
  });

  it('unknown software: the Synapse, matrix-media-repo and continuwuity steps, labelled by topic', () => {
    expect(matrixAdminSteps(target('matrix-unknown'), all).map((s) => s.topic)).toEqual([
      'synapse-delete-media',
      'synapse-delete-user-media',
      'synapse-delete-user-media',
      'synapse-caveats',
      'matrix-media-repo-purge',
      'continuwuity-delete',
      'remote-copies',
    ]);
  });

  it('without a server name every well-formed mxc counts as local; IPv6 server names are encoded too', () => {
    const steps = matrixAdminSteps(target('synapse', ''), [local1, remote]);
    expect(commandsOf(steps, 'synapse-delete-media')).toHaveLength(2);
    expect(steps.at(-1)!.itemIds).toBeUndefined();
    const v6 = mxItem('mxc://[2001:db8::1]:8448/abc', '@a:[2001:db8::1]:8448');
    const [del, user] = matrixAdminSteps(target('synapse', '[2001:db8::1]:8448'), [v6]);
    expect(segments(parseCurl(del!.commands[0]!).url)[4]).toBe('%5B2001%3Adb8%3A%3A1%5D%3A8448');
    expect(segments(parseCurl(user!.commands[0]!).url)[4]).toBe(encodeURIComponent('@a:[2001:db8::1]:8448'));
  });

  it('only malformed items: no command anywhere, each listed as skipped', () => {
    for (const software of ['synapse', 'matrix-media-repo', 'continuwuity', 'matrix-unknown'] as const) {
      const steps = matrixAdminSteps({ instanceOrigin: HS, software }, MALFORMED.map((m) => ({ ...m, account: undefined })));
      expect(steps.flatMap((s) => s.commands)).toEqual([]);
      for (const s of steps.filter((x) => x.skipped)) expect(s.skipped).toEqual(MALFORMED.map((m) => m.id));
    }
  });

  it('a target whose origin is not a web origin gets no HTTP command', () => {
    const steps = matrixAdminSteps({ instanceOrigin: 'javascript:alert(1)', software: 'synapse' }, [{ ...local1, instanceOrigin: 'javascript:alert(1)' }]);
    expect(steps.flatMap((s) => s.commands)).toEqual([]);
    expect(steps[0]!.skipped).toEqual([local1.id]);
  });
});

describe('adminSteps', () => {
  it('targets in the given order, each with its own items in the given order; duplicates and item-less targets add nothing', () => {
    const l1 = lemmyItem('one.png');
    const m1 = mxItem('mxc://m.example/aaa');
    const l2 = lemmyItem('two.png');
    const stray = { ...lemmyItem('stray.png'), instanceOrigin: 'https://elsewhere.example' };
    const targets: InstanceTarget[] = [
      { instanceOrigin: HS, software: 'continuwuity', serverName: 'm.example' },
      { instanceOrigin: 'https://empty.example', software: 'synapse' },
      { instanceOrigin: LEMMY, software: 'lemmy-1.0' },
      { instanceOrigin: HS, software: 'synapse' },
    ];
    const steps = adminSteps(targets, [l1, m1, stray, l2]);
    expect(steps.map((s) => [s.instanceOrigin, s.topic])).toEqual([
      [HS, 'continuwuity-delete'],
      [HS, 'remote-copies'],
      [LEMMY, 'lemmy-1.0-purge'],
      [LEMMY, 'remote-copies'],
    ]);
    expect(steps[0]!.commands).toEqual(['!admin media delete --mxc mxc://m.example/aaa']);
    expect(steps[2]!.commands.map((l) => JSON.parse(parseCurl(l).data!).filename)).toEqual(['one.png', 'two.png']);
    expect(JSON.stringify(steps)).not.toContain('stray');
  });
});

describe('scale', () => {
  it('10,000 items on one Synapse and 10,000 on one Lemmy instance take well under the pack budget of a second', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => [mxItem(`mxc://m.example/id${i}`, `@u${i % 7}:m.example`), lemmyItem(`a${i}.png`)]).flat();
    const started = performance.now();
    const steps = adminSteps([{ instanceOrigin: HS, software: 'matrix-unknown', serverName: 'm.example' }, { instanceOrigin: LEMMY, software: 'lemmy-unknown' }], items);
    const ms = performance.now() - started;
    expect(steps.flatMap((s) => s.commands)).toHaveLength(10_000 * 3 + 7 + 10_000 * 2);
    expect(ms).toBeLessThan(1000);
  });
});

describe('software detection', () => {
  it('reads /_matrix/federation/v1/version leniently but safely', () => {
    expect(parseFederationVersion(200, '{"server":{"name":"Synapse","version":"1.140.0"}}')).toEqual({ name: 'Synapse', version: '1.140.0' });
    expect(parseFederationVersion(200, '{"server":{"name":"continuwuity"}}')).toEqual({ name: 'continuwuity' });
    expect(parseFederationVersion(200, '{"server":{"name":"conduwuit","version":7}}')).toEqual({ name: 'conduwuit' });
    for (const [status, body] of [
      [404, '{"errcode":"M_UNRECOGNIZED"}'],
      [200, '{"server":{"name":""}}'],
      [200, '{"server":{"name":"a\\u0000b"}}'],
      [200, `{"server":{"name":"${'x'.repeat(65)}"}}`],
      [200, '{"server":["Synapse"]}'],
      [200, '[]'],
      [200, 'not json'],
      [200, null],
    ] as const) {
      expect(parseFederationVersion(status, body)).toBeNull();
    }
  });

  it('maps names to software; matrix-media-repo wins; unknown names are matrix-unknown', () => {
    expect(matrixSoftware('Synapse', false)).toBe('synapse');
    expect(matrixSoftware('continuwuity', undefined)).toBe('continuwuity');
    expect(matrixSoftware('conduwuit', false)).toBe('continuwuity');
    expect(matrixSoftware('Synapse', true)).toBe('matrix-media-repo');
    for (const name of ['Conduit', 'Dendrite', 'constructor', '__proto__', undefined]) expect(matrixSoftware(name, false)).toBe('matrix-unknown');
  });

  it('softwareOf: Lemmy from its band or version, Matrix from the facts; other-platform facts say nothing', () => {
    const lemmy = (over: Partial<InstanceInfo>): InstanceInfo => ({ origin: LEMMY, platform: 'lemmy', checkedAt: 0, ...over });
    expect(softwareOf(lemmy({ band: '0.18' }), 'lemmy')).toBe('lemmy-0.18');
    expect(softwareOf(lemmy({ band: '0.19.0-0.19.11' }), 'lemmy')).toBe('lemmy-0.19');
    expect(softwareOf(lemmy({ band: '0.19.12+' }), 'lemmy')).toBe('lemmy-0.19');
    expect(softwareOf(lemmy({ version: '1.0.0-beta.1' }), 'lemmy')).toBe('lemmy-1.0');
    expect(softwareOf(lemmy({ band: 'unknown' }), 'lemmy')).toBe('lemmy-unknown');
    expect(softwareOf(undefined, 'lemmy')).toBe('lemmy-unknown');
    const mx = (over: Partial<InstanceInfo>): InstanceInfo => ({ origin: HS, platform: 'matrix', checkedAt: 0, ...over });
    expect(softwareOf(mx({ software: 'Synapse' }), 'matrix')).toBe('synapse');
    expect(softwareOf(mx({ software: 'Synapse', mediaRepo: true }), 'matrix')).toBe('matrix-media-repo');
    expect(softwareOf(mx({}), 'matrix')).toBe('matrix-unknown');
    expect(softwareOf(mx({ software: 'Synapse' }), 'lemmy')).toBe('lemmy-unknown');
  });

  it('instanceTarget: a Matrix server name only from the uploaders’ user ids, when they agree', () => {
    const info: InstanceInfo = { origin: HS, platform: 'matrix', software: 'Synapse', checkedAt: 0 };
    const a = mxItem('mxc://m.example/a', '@alice:M.example');
    const b = mxItem('mxc://m.example/b', '@alice:m.example');
    expect(instanceTarget(HS, 'matrix', info, [a, b, mxItem('mxc://m.example/c')])).toEqual({ instanceOrigin: HS, software: 'synapse', serverName: 'm.example' });
    expect(instanceTarget(HS, 'matrix', info, [a, mxItem('mxc://x/c', '@bob:other.example')])).toEqual({ instanceOrigin: HS, software: 'synapse' });
    expect(instanceTarget(HS, 'matrix', info, [mxItem('mxc://m.example/c')])).toEqual({ instanceOrigin: HS, software: 'synapse' });
    const lemmyInfo: InstanceInfo = { origin: LEMMY, platform: 'lemmy', band: '0.19.12+', version: '0.19.12', checkedAt: 0 };
    expect(instanceTarget(LEMMY, 'lemmy', lemmyInfo, [])).toEqual({ instanceOrigin: LEMMY, software: 'lemmy-0.19', version: '0.19.12' });
  });
});

describe('shell quoting', () => {
  it('single-quotes anything back to itself', () => {
    for (const text of ["it's", `"$(rm -rf /)" \`x\` \\ !! '' ' `, '', 'ü\t']) expect(shellWords(shellQuote(text))).toEqual([text]);
  });
});

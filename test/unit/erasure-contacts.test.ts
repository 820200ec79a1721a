// Contact discovery against the fixture Lemmy and Matrix servers over real HTTP (node fetch on 127.0.0.1), including
// missing, broken and hostile answers: those end in "no contact found", never in a throw.
import { describe, expect, it } from 'vitest';
import { discoverContacts, MAX_CONTACTS, supportOrigin } from '@/utils/erasure/contacts';
import type { PublicGet } from '@/utils/instances';
import { fixtureServers } from './fixture-lifecycle';

const { lemmy, matrix } = fixtureServers();

const httpGet: PublicGet = async (url) => {
  try {
    const res = await fetch(url, { redirect: 'manual', cache: 'no-store' });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 0, body: null };
  }
};
const NONE = /^No contact found/;
const HUGE = 'x'.repeat(10 * 1024 * 1024);

describe('Lemmy: the site document', () => {
  it('0.19: the legal page and its addresses first, then both admins with profile and Matrix id; one request', async () => {
    const s = await lemmy({ version: '0.19.4', legal: 'Data protection: dpo@e2e.test, or [write](mailto:privacy@e2e.test). Not one: a@b' });
    const found = await discoverContacts(s.origin, 'lemmy', httpGet);
    const site = `${s.origin}/api/v3/site`;
    expect(found).toEqual({
      instanceOrigin: s.origin,
      contacts: [
        { kind: 'web', value: `${s.origin}/legal`, label: 'legal information', source: `${site} (legal_information)` },
        { kind: 'email', value: 'dpo@e2e.test', source: `${site} (legal_information)` },
        { kind: 'email', value: 'privacy@e2e.test', source: `${site} (legal_information)` },
        { kind: 'lemmy-user', value: `${s.origin}/u/admin`, label: 'Instance admin', source: `${site} (admins)` },
        { kind: 'matrix', value: '@admin:e2e.test', label: 'Instance admin', source: `${site} (admins)` },
        { kind: 'lemmy-user', value: `${s.origin}/u/moderator_admin`, label: 'Second admin', source: `${site} (admins)` },
      ],
      problems: [],
    });
    expect(s.stats.log.map((r) => r.path)).toEqual(['/api/v3/site']);
  });

  it('1.0 without the v3 compatibility routes: the v4 document (ap_id), and a note on v3', async () => {
    const s = await lemmy({ version: '1.0' });
    const noV3: PublicGet = (url) => (url.endsWith('/api/v3/site') ? Promise.resolve({ status: 404, body: '' }) : httpGet(url));
    const found = await discoverContacts(s.origin, 'lemmy', noV3);
    const source = `${s.origin}/api/v4/site (admins)`;
    expect(found.contacts).toEqual([
      { kind: 'lemmy-user', value: `${s.origin}/u/admin`, label: 'Instance admin', source },
      { kind: 'matrix', value: '@admin:e2e.test', label: 'Instance admin', source },
      { kind: 'lemmy-user', value: `${s.origin}/u/moderator_admin`, label: 'Second admin', source },
    ]);
    expect(found.problems).toEqual([`${s.origin}/api/v3/site answered 404`]);
  });

  it(`keeps at most ${MAX_CONTACTS} contacts`, async () => {
    const admins = Array.from({ length: 30 }, (_, i) => ({ name: `admin${i}`, matrix_user_id: `@admin${i}:e2e.test` }));
    const found = await discoverContacts((await lemmy({ version: '0.19.12', admins })).origin, 'lemmy', httpGet);
    expect(found.contacts).toHaveLength(MAX_CONTACTS);
    expect(found.contacts[0]).toMatchObject({ kind: 'lemmy-user', label: 'admin0' });
  });

  const hostile: Array<[string, unknown]> = [
    ['an array', []],
    ['a number', 42],
    ['a string', 'site'],
    ['admins that is not a list', { admins: { 0: { person: { name: 'admin' } } } }],
    [
      'fields of the wrong type or scheme',
      {
        admins: [
          { person: { name: 7, display_name: ['x'], actor_id: 'javascript:alert(1)', matrix_user_id: 'javascript:alert(1)', email: 'not-an-email' } },
          { person: { name: '../../evil', actor_id: 'data:text/html,hi', ap_id: 'file:///etc/passwd', matrix_user_id: '@no-server' } },
          'admin',
          null,
          { person: null },
        ],
        site_view: { local_site: { legal_information: 5 } },
      },
    ],
    ['a 10 MB string', { admins: [{ person: { name: 'admin', actor_id: `https://e2e.test/${HUGE}` } }] }],
    ['blank legal information and no admins', { admins: [], site_view: { local_site: { legal_information: '   \n' } } }],
    ['a long display name and legal text', { admins: [{ person: { display_name: 'y'.repeat(101), actor_id: 'javascript:x' } }], site_view: { local_site: { legal_information: `a@b.cd${'z'.repeat(300_000)}` } } }],
    ['prototype-pollution keys', JSON.parse('{"__proto__":{"admins":[{"person":{"name":"evil","actor_id":"https://evil.example/u/evil"}}]},"constructor":{"prototype":{"polluted":true}}}')],
  ];
  it.each(hostile)('%s: no contact found, never a throw', async (_, doc) => {
    const s = await lemmy({ version: '1.0', site: doc });
    const found = await discoverContacts(s.origin, 'lemmy', httpGet);
    expect(found.contacts).toEqual([]);
    expect(found.problems.at(-1)).toMatch(NONE);
    expect(found.problems).toHaveLength(3); // one per site endpoint, then the verdict
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('admins');
  });

  it('invalid JSON and missing endpoints are named in the problems', async () => {
    const s = await lemmy({ version: '1.0', site: '{"admins": [' });
    const found = await discoverContacts(s.origin, 'lemmy', httpGet);
    expect(found.problems).toEqual([
      `${s.origin}/api/v3/site did not answer valid JSON`,
      `${s.origin}/api/v4/site did not answer valid JSON`,
      `No contact found for ${s.origin}`,
    ]);
    const old = await lemmy({ version: '0.19.4', site: { admins: [] } });
    expect((await discoverContacts(old.origin, 'lemmy', httpGet)).problems).toEqual([
      `${old.origin}/api/v3/site named no admin and no legal information`,
      `${old.origin}/api/v4/site answered 404`,
      `No contact found for ${old.origin}`,
    ]);
  });

  it('a hidden-character display name is cleaned; a valid admin survives hostile neighbours', async () => {
    const s = await lemmy({
      version: '0.19.4',
      site: { admins: [{ person: { name: 'ok_admin', display_name: '\u202eevil\u0000 name', email: 'ops@e2e.test' } }, { person: 'x' }, { person: { actor_id: HUGE.slice(0, 3000) } }] },
    });
    const found = await discoverContacts(s.origin, 'lemmy', httpGet);
    expect(found.contacts).toEqual([
      { kind: 'lemmy-user', value: `${s.origin}/u/ok_admin`, label: 'evil name', source: `${s.origin}/api/v3/site (admins)` },
      { kind: 'email', value: 'ops@e2e.test', label: 'evil name', source: `${s.origin}/api/v3/site (admins)` },
    ]);
  });
});

describe('Matrix: /.well-known/matrix/support', () => {
  it('admin contacts first, then others labelled by role, then the support page', async () => {
    const s = await matrix({
      support: {
        contacts: [
          { email_address: 'security@e2e.test', role: 'm.role.security' },
          { matrix_id: '@mod:e2e.test', role: 'org.example.moderator' },
          { matrix_id: '@admin:e2e.test', email_address: 'admin@e2e.test', role: 'm.role.admin' },
        ],
        support_page: 'https://e2e.test/support',
      },
    });
    const found = await discoverContacts(s.origin, 'matrix', httpGet);
    const source = `${s.origin}/.well-known/matrix/support (contacts)`;
    expect(found).toEqual({
      instanceOrigin: s.origin,
      contacts: [
        { kind: 'matrix', value: '@admin:e2e.test', label: 'admin', source },
        { kind: 'email', value: 'admin@e2e.test', label: 'admin', source },
        { kind: 'email', value: 'security@e2e.test', label: 'security', source },
        { kind: 'matrix', value: '@mod:e2e.test', label: 'org.example.moderator', source },
        { kind: 'web', value: 'https://e2e.test/support', label: 'support page', source: `${s.origin}/.well-known/matrix/support (support_page)` },
      ],
      problems: [],
    });
  });

  it('the fixture’s default document: its admin contact', async () => {
    const found = await discoverContacts((await matrix()).origin, 'matrix', httpGet);
    expect(found.contacts.slice(0, 2).map((c) => [c.kind, c.value, c.label])).toEqual([
      ['matrix', '@admin:e2e.test', 'admin'],
      ['email', 'admin@e2e.test', 'admin'],
    ]);
  });

  it('missing (404) and broken (invalid JSON): no contact found, with the reason', async () => {
    const s = await matrix({ support: null });
    const url = `${s.origin}/.well-known/matrix/support`;
    expect(await discoverContacts(s.origin, 'matrix', httpGet)).toEqual({
      instanceOrigin: s.origin,
      contacts: [],
      problems: [`${url} answered 404`, `No contact found for ${s.origin}`],
    });
    s.support = 'broken';
    expect((await discoverContacts(s.origin, 'matrix', httpGet)).problems).toEqual([`${url} did not answer valid JSON`, `No contact found for ${s.origin}`]);
  });

  const hostile: Array<[string, Record<string, unknown>]> = [
    ['contacts as an object', { contacts: { 0: { matrix_id: '@admin:e2e.test', role: 'm.role.admin' } } }],
    ['numbers and arrays for fields', { contacts: [{ matrix_id: 5, email_address: ['admin@e2e.test'], role: {} }, 7, null, 'x'], support_page: 42 }],
    ['javascript: and other schemes', { contacts: [{ matrix_id: 'javascript:alert(1)', email_address: 'javascript:alert(1)//@x.y' }], support_page: 'javascript:alert(1)' }],
    ['a 10 MB string', { contacts: [{ matrix_id: '@admin:e2e.test', role: HUGE }] }],
    ['over-long values', { contacts: [{ matrix_id: `@${'a'.repeat(300)}:e2e.test`, email_address: `${'a'.repeat(300)}@e2e.test` }], support_page: `https://e2e.test/${'p'.repeat(3000)}` }],
    ['prototype-pollution keys', JSON.parse('{"__proto__":{"contacts":[{"matrix_id":"@evil:e2e.test","role":"m.role.admin"}]},"constructor":{"prototype":{"polluted":true}}}')],
  ];
  it.each(hostile)('%s: no contact found, never a throw', async (_, doc) => {
    const s = await matrix({ support: doc });
    const found = await discoverContacts(s.origin, 'matrix', httpGet);
    expect(found.contacts).toEqual([]);
    expect(found.problems.at(-1)).toMatch(NONE);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an array or a number instead of the document', async () => {
    for (const doc of [[{ matrix_id: '@admin:e2e.test' }], 42]) {
      const s = await matrix({ support: doc as never });
      const found = await discoverContacts(s.origin, 'matrix', httpGet);
      expect(found.contacts).toEqual([]);
      expect(found.problems).toEqual([`${s.origin}/.well-known/matrix/support is not a support document`, `No contact found for ${s.origin}`]);
    }
  });

  it('the well-known is on the server name’s host (https, no port)', () => {
    expect(supportOrigin('matrix.example:8448')).toBe('https://matrix.example');
    expect(supportOrigin('[2001:db8::1]:8448')).toBe('https://[2001:db8::1]');
    expect(supportOrigin('[2001:db8::1]')).toBe('https://[2001:db8::1]');
    expect(supportOrigin('evil.example/path')).toBeNull();
  });
});

describe('whatever `get` does', () => {
  it('a rejecting, garbage-returning or unreachable get, and a bad origin: notes, no throw', async () => {
    const rejecting: PublicGet = () => Promise.reject(new Error('boom'));
    const garbage = (() => Promise.resolve(null)) as unknown as PublicGet;
    for (const get of [rejecting, garbage, httpGet]) {
      for (const platform of ['lemmy', 'matrix'] as const) {
        const found = await discoverContacts('http://127.0.0.1:1', platform, get);
        expect(found.contacts).toEqual([]);
        expect(found.problems[0]).toMatch(/could not be reached$/);
        expect(found.problems.at(-1)).toMatch(NONE);
      }
    }
    const asked: string[] = [];
    const bad = await discoverContacts('javascript:alert(1)', 'lemmy', async (url) => (asked.push(url), { status: 200, body: '{}' }));
    expect(bad.problems).toEqual(['javascript:alert(1) is not a web address', 'No contact found for this instance']);
    expect(asked).toEqual([]);
  });
});

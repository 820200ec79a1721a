// The delete core (plans, answers, proof) against the fixture Lemmy servers, which follow each version's documented
// delete and serve semantics: a real HTTP round trip on 127.0.0.1, no browser.
import { afterEach, describe, expect, it } from 'vitest';
import { interpretProbe, outcomeAfterProbe, type DeletePlan } from '@/utils/deletion';
import { interpretLemmyDelete, lemmyProofUrl, planLemmyDelete } from '@/utils/platforms/lemmy-delete';
import type { LemmyBand } from '@/utils/platforms/lemmy-version';
import { startLemmy } from '../e2e/servers/lemmy.mjs';
import { uploadRecord } from './helpers';

type Server = Awaited<ReturnType<typeof startLemmy>>;
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function instance(version: string, opts: { apiKey?: boolean } = {}): Promise<Server> {
  const s = await startLemmy({ version, ...opts });
  servers.push(s);
  return s;
}

/** Uploads one PNG as lemmy-ui does and returns the record Takeback would have captured. */
async function uploaded(s: Server, as = s.jwt) {
  const form = new FormData();
  form.append('images[]', new Blob([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], { type: 'image/png' }), 'id-card.png');
  const v4 = s.version === '1.0';
  // 0.18 reads only the jwt cookie (lemmy-ui's); later versions take the Bearer header lemmy-js-client sends.
  const auth: Record<string, string> = s.version === '0.18' ? { Cookie: `jwt=${as}` } : { Authorization: `Bearer ${as}` };
  const res = await fetch(`${s.origin}${v4 ? '/api/v4/image' : '/pictrs/image'}`, { method: 'POST', body: form, headers: auth });
  expect(res.ok).toBe(true);
  const body = await res.json();
  const alias: string = v4 ? body.filename : body.files[0].file;
  return uploadRecord({
    id: alias,
    api: v4 ? 'lemmy-v4' : 'lemmy-v3',
    instanceOrigin: s.origin,
    key: alias,
    url: v4 ? body.image_url : `${s.origin}/pictrs/image/${alias}`,
    deleteToken: v4 ? undefined : body.files[0].delete_token,
  });
}

/** Runs a plan the way the extension will: the user's live session goes along only when the plan asks for it. */
async function run(plan: DeletePlan, session: string | null) {
  if (plan.kind !== 'http') throw new Error(`not an HTTP plan: ${plan.kind}`);
  const headers: Record<string, string> = {};
  if (plan.contentType) headers['Content-Type'] = plan.contentType;
  if (plan.auth === 'session' && session) headers.Authorization = `Bearer ${session}`;
  const res = await fetch(plan.url, { method: plan.method, headers, ...(plan.body !== undefined && { body: plan.body }) });
  return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
}

async function proof(url: string | null) {
  const res = await fetch(url!, { cache: 'no-store' });
  return outcomeAfterProbe(interpretProbe(res.status));
}

const cases: Array<[string, LemmyBand]> = [
  ['0.18', '0.18'],
  ['0.19.0', '0.19.0-0.19.11'],
  ['0.19.4', '0.19.0-0.19.11'],
  ['1.0', '1.0'],
];

describe.each(cases)('Lemmy %s', (version, band) => {
  it('capture -> one delete -> the proof URL answers 404: verified gone', async () => {
    const s = await instance(version);
    const record = await uploaded(s);
    const proofUrl = lemmyProofUrl(record, band);
    expect(await proof(proofUrl)).toEqual({ status: 'still-online', reason: 'still-served' });
    const plan = planLemmyDelete(record, band);
    const answer = await run(plan, s.jwt);
    expect(interpretLemmyDelete(band, answer.status, answer.body, answer.retryAfter)).toEqual({ status: 'deleted-unverified' });
    expect(await proof(proofUrl)).toEqual({ status: 'verified-gone' });
  });

  if (version !== '1.0') {
    it('a wrong token fails plainly and the image stays online', async () => {
      const s = await instance(version);
      const record = { ...(await uploaded(s)), deleteToken: 'not-the-token' };
      const answer = await run(planLemmyDelete(record, band), s.jwt);
      const outcome = interpretLemmyDelete(band, answer.status, answer.body);
      expect(outcome).toMatchObject({ status: 'failed', reason: 'wrong-token' });
      // 0.19.0-0.19.11 drop their own row anyway: the outcome says so, so nothing retries blindly.
      expect(outcome.serverRecordDropped ?? false).toBe(version !== '0.18');
      expect(s.files.get(record.key)?.row).toBe(version === '0.18');
      expect(await proof(lemmyProofUrl(record, band))).toEqual({ status: 'still-online', reason: 'still-served' });
    });
  }

  if (version !== '0.18') {
    it('logged out: "log in, then retry", and nothing was deleted', async () => {
      const s = await instance(version);
      const record = await uploaded(s);
      const answer = await run(planLemmyDelete(record, band), null);
      expect(interpretLemmyDelete(band, answer.status, answer.body)).toMatchObject({ status: 'failed', reason: 'logged-out' });
      expect(await proof(lemmyProofUrl(record, band))).toMatchObject({ status: 'still-online' });
    });
  }
});

describe('Lemmy 1.0 specifics', () => {
  it('another account cannot delete the file: not the owner', async () => {
    const s = await instance('1.0');
    const record = await uploaded(s);
    const answer = await run(planLemmyDelete(record, '1.0'), 'someone-else');
    // The fixture accepts only its own JWT, so another account is a 401 before ownership; a login that is valid but
    // not the uploader's is the 404 below.
    expect(interpretLemmyDelete('1.0', answer.status, answer.body)).toMatchObject({ status: 'failed', reason: 'logged-out' });
    const other = await instance('1.0');
    const foreign = { ...record, instanceOrigin: other.origin, url: record.url.replace(s.origin, other.origin) };
    const notOwned = await run(planLemmyDelete(foreign, '1.0'), other.jwt);
    expect(interpretLemmyDelete('1.0', notOwned.status, notOwned.body)).toMatchObject({ status: 'failed', reason: 'not-owner' });
  });

  it('without the pict-rs API key configured, the item needs an admin and stays online', async () => {
    const s = await instance('1.0', { apiKey: false });
    const record = await uploaded(s);
    const answer = await run(planLemmyDelete(record, '1.0'), s.jwt);
    expect(interpretLemmyDelete('1.0', answer.status, answer.body)).toMatchObject({ status: 'needs-admin', reason: 'no-api-key' });
    expect(await proof(lemmyProofUrl(record, '1.0'))).toMatchObject({ status: 'still-online' });
  });
});

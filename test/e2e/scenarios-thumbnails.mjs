// Issue 12 §2 and §3. §2: Element uploads a thumbnail (a smaller copy of the photo) before every image over 32 KiB and names both
// in the message (updates-2026-12.md §2). A file and its thumbnail are one item: one row, deleted together, both in the
// erasure letter and its admin commands, and "Gone" only once the admin erased both. §3: when a Lemmy post links one
// of the user's images, Lemmy stores a thumbnail copy under a new alias a moment later (updates-2026-12.md §1); on 0.19
// it belongs to no account. Takeback finds it by looking the post up, and the upload is not "Gone" while it is online.
// Driven as a person: clicks.
import assert from 'node:assert/strict';
import { allowSites, byKey, matrixPage, waitForLedger } from './lib/env.mjs';
import { waitFor } from './lib/options-page.mjs';
import { PAGES_OUT } from './lib/pages.mjs';
import { ok, open, PNG } from './scenarios.mjs';
import { uploadFrom, withInstances } from './scenarios-delete.mjs';
import { startMatrix } from './servers/matrix.mjs';

const row = (id) => `[data-testid="dashboard-row"][data-id="${id}"]`;
const withThumbnailsNote = (dash) =>
  waitFor(() => dash.evaluate(() => document.querySelector('dialog.confirm [data-field="with-thumbnails"]')?.textContent ?? null), Boolean);
const detailStatus = (dash) => dash.evaluate(() => document.querySelector('.detail')?.dataset.status ?? null);

/** What the server admin does: the Synapse admin API's delete of one file (its own token, never the user's). */
async function adminErase(m, mxc) {
  const [server, mediaId] = mxc.replace('mxc://', '').split('/');
  const res = await fetch(`${m.origin}/_synapse/admin/v1/media/${server}/${mediaId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${m.adminToken}` } });
  assert.equal(res.status, 200, `the admin's delete of ${mxc}`);
}

export const scenarios = [
  {
    name: "thumbnails: Element's image and its thumbnail are one row, one Delete, both in the letter and its Synapse commands, and Gone only after the admin erased both",
    async run({ driver }) {
      const m = await startMatrix({ staticDir: PAGES_OUT });
      try {
        await allowSites(driver, [m.origin]);
        const element = await open(driver, `${matrixPage(m, m.origin)}&element=1`);
        const room = '!photos:e2e.test';
        const sent = await element.evaluate((roomId, spec) => window.e2e.sendImage(roomId, spec), room, PNG('id-card-front.png', 90, 60));
        ok(sent.sent, 'send');
        assert.ok(sent.thumb && sent.main, 'a thumbnail, then the file');
        const mine = (rs) => [...byKey(rs, sent.main), ...byKey(rs, sent.thumb)].filter((r) => r.instanceOrigin === m.origin);
        const records = mine(await waitForLedger(driver, (rs) => mine(rs).length === 2 && mine(rs).every((r) => r.eventId)));
        const file = records.find((r) => r.key === sent.main);
        const thumb = records.find((r) => r.key === sent.thumb);
        assert.equal(thumb?.thumbnailOf, file?.id, 'the message linked the thumbnail to its file');

        const dash = await driver.openDashboard();
        try {
          // One row: the file, saying it has a thumbnail; the thumbnail has none of its own.
          const text = await waitFor(() => dash.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, row(file.id)), Boolean);
          assert.match(text, /id-card-front\.png/);
          assert.match(text, /with its thumbnail/, text);
          assert.equal(await dash.evaluate((sel) => document.querySelector(sel), row(thumb.id)), null, 'no row of its own for the thumbnail');

          // One Delete: Synapse has no user delete, so the message is redacted once and both need an admin.
          await dash.click(`${row(file.id)} .name`);
          await dash.click('.detail button[name="delete-one"]');
          assert.ok((await withThumbnailsNote(dash)).includes(thumb.url), 'the confirmation says the thumbnail goes too, and where it is');
          await dash.click('dialog.confirm button[name="confirm-delete"]');
          const both = mine(await waitForLedger(driver, (rs) => mine(rs).every((r) => r.status === 'needs-admin'), 20_000));
          assert.deepEqual(both.map((r) => r.status), ['needs-admin', 'needs-admin'], 'the file and its thumbnail');
          assert.equal(m.stats.redactions.length, 1, 'the message was redacted once, not once per upload');

          // The letter and its appendix name both copies.
          await dash.click('.detail button[name="draft-erasure-one"]');
          await waitFor(() => dash.evaluate(() => location.pathname.endsWith('/requests.html') && document.documentElement?.dataset.requests === 'ready'), Boolean, 15_000);
          const letter = await waitFor(() => dash.evaluate(() => document.querySelector('[data-letter="ready"] textarea[name=letter]')?.value ?? null), Boolean);
          for (const mxc of [sent.main, sent.thumb]) {
            assert.ok(letter.includes(mxc), `the letter names ${mxc}`);
            assert.ok(letter.includes(`/_synapse/admin/v1/media/${mxc.replace('mxc://', '')}`), `and the admin command for ${mxc}`);
          }

          // The admin erases the file but not its thumbnail; "Check the files again" on the request looks at both,
          // downloading through the signed-in Element page (authenticated media: an anonymous 401 proves nothing).
          await adminErase(m, sent.main);
          await dash.click('button[name="recheck-files"]');
          const after = mine(await waitForLedger(driver, (rs) => mine(rs).find((r) => r.id === file.id)?.status === 'verified-gone', 15_000));
          assert.equal(after.find((r) => r.id === thumb.id)?.status, 'needs-admin', 'the thumbnail is still online');
          const said = await waitFor(
            () => dash.evaluate(() => document.querySelector('[data-outcome-error="recheck"]')?.textContent || (document.querySelector('[data-outcome="recheck"]')?.getAttribute('aria-busy') ? '' : document.querySelector('[data-outcome="recheck"]')?.textContent) || null),
            Boolean,
          );
          assert.match(said, /^Checked\./, 'both addresses answered');
        } finally {
          await dash.close();
        }

        // The item is not gone, and says what is left.
        const again = await driver.openDashboard();
        try {
          await waitFor(() => again.evaluate((sel) => !!document.querySelector(sel), row(file.id)), Boolean);
          await again.click(`${row(file.id)} .name`);
          const line = await waitFor(() => again.evaluate(() => document.querySelector('.detail [data-field="thumbnail"]')?.textContent ?? null), (t) => t?.includes('The file: Gone'));
          assert.match(line, /The copy: Needs an admin/, line);
          assert.equal(await waitFor(() => detailStatus(again), (s) => s === 'needs-admin'), 'needs-admin', 'the item is not shown as gone');
          assert.doesNotMatch(await again.evaluate((sel) => document.querySelector(sel).textContent, row(file.id)), /\bGone\b/, 'the row does not say Gone');

          // Once the thumbnail is erased too, the item is gone.
          await adminErase(m, sent.thumb);
          await again.click('.detail button[name="recheck-one"]');
          await waitForLedger(driver, (rs) => mine(rs).every((r) => r.status === 'verified-gone'), 15_000);
          assert.equal(await waitFor(() => detailStatus(again), (s) => s === 'verified-gone'), 'verified-gone');
        } finally {
          await again.close();
          await element.close();
        }
      } finally {
        await m.close();
      }
    },
  },

  ...['0.19.4', '1.0'].map((version) => ({
    name: `thumbnails: a Lemmy ${version} post that links an upload gets a thumbnail copy from the server; Takeback finds it and ${version === '1.0' ? 'deletes it with the upload (1.0: it is the creator\'s)' : 'does not say Gone while it is online: the copy needs the admin, is in the letter with its purge command, and Gone follows the purge'}`,
    async run({ driver }) {
      await withInstances(driver, [{ version }], async (s) => {
        const host = new URL(s.origin).host;
        const u = await uploadFrom(driver, s, 'drivers-licence.png');
        const imageUrl = `${s.origin}${version === '1.0' ? '/api/v4/image/' : '/pictrs/image/'}${u.alias}`;
        ok(await u.page.evaluate((url) => window.e2e.createPost(url), imageUrl), 'create the post');
        const post = [...s.posts.values()].at(-1);
        const copies = (rs) => rs.filter((r) => r.thumbnailOf === u.id);
        const [copy] = copies(await waitForLedger(driver, (rs) => copies(rs).length === 1, 15_000));
        assert.ok(post.thumbnail && copy?.key === post.thumbnail, `the copy Lemmy made (${post.thumbnail}) is recorded: ${JSON.stringify(copy)}`);
        assert.equal(copy.serverCopy, true);
        await u.page.close();

        const dash = await driver.openDashboard();
        try {
          const text = await waitFor(() => dash.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, row(u.id)), (t) => t?.includes('with its thumbnail'));
          assert.match(text, /drivers-licence\.png/);
          assert.equal(await dash.evaluate((sel) => document.querySelector(sel), row(copy.id)), null, 'no row of its own for the copy');
          await dash.click(`${row(u.id)} .name`);
          await dash.click('.detail button[name="delete-one"]');
          assert.ok((await withThumbnailsNote(dash)).includes(copy.url), 'the confirmation says the copy goes too, and where it is');
          await dash.click('dialog.confirm button[name="confirm-delete"]');
          const mine = (rs) => rs.filter((r) => r.id === u.id || r.id === copy.id);
          const settled = (st) => !['captured', 'deleting'].includes(st);
          const done = mine(await waitForLedger(driver, (rs) => mine(rs).length === 2 && mine(rs).every((r) => settled(r.status)), 20_000));
          const status = Object.fromEntries(done.map((r) => [r.id === u.id ? 'file' : 'copy', r.status]));
          if (version === '1.0') {
            assert.deepEqual(status, { file: 'verified-gone', copy: 'verified-gone' }, 'both deleted by one Delete');
            assert.equal(s.files.has(post.thumbnail), false, 'the copy is gone from the server');
            assert.equal(await waitFor(() => detailStatus(dash), (st) => st === 'verified-gone'), 'verified-gone');
            return;
          }
          assert.deepEqual(status, { file: 'verified-gone', copy: 'needs-admin' }, 'the upload is deleted; its copy is nobody\'s');
          assert.ok(s.files.has(post.thumbnail), 'the copy is still served');
          assert.equal(await waitFor(() => detailStatus(dash), (st) => st === 'needs-admin'), 'needs-admin', 'the item is not shown as gone');
          const guidance = await waitFor(() => dash.evaluate(() => document.querySelector('.detail .guidance')?.textContent ?? ''), (t) => t.includes('copy'));
          assert.ok(guidance.includes(`Gone from its address; a copy ${host} made for your post is still online — only its admin can erase it`), guidance);
          assert.doesNotMatch(await dash.evaluate((sel) => document.querySelector(sel).textContent, row(u.id)), /\bGone\b/, 'the row does not say Gone');

          // The erasure letter names the copy, with the purge command for it.
          await dash.click('.detail button[name="draft-erasure-one"]');
          await waitFor(() => dash.evaluate(() => location.pathname.endsWith('/requests.html') && document.documentElement?.dataset.requests === 'ready'), Boolean, 15_000);
          const letter = await waitFor(() => dash.evaluate(() => document.querySelector('[data-letter="ready"] textarea[name=letter]')?.value ?? null), Boolean);
          assert.ok(letter.includes(post.thumbnail), 'the letter names the copy');
          assert.ok(letter.split('\n').some((line) => /purge/i.test(line) && line.includes(post.thumbnail)), 'and a purge command for it');

          // The admin purges it: "Check the files again" finds the item gone.
          s.purgeFile(post.thumbnail);
          await dash.click('button[name="recheck-files"]');
          await waitForLedger(driver, (rs) => mine(rs).every((r) => r.status === 'verified-gone'), 15_000);
        } finally {
          await dash.close();
        }
      });
    },
  })),
];

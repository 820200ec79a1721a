// Issue 11 §3: one page floods the ledger. Past a human number of captures per site (200 an hour by default; the
// scenario lowers it in Settings to keep the run short), recording from that site pauses with one in-page notice whose
// trusted "Keep recording" button resumes it (nothing held back is lost), one dashboard notice names the site, and
// "Remove everything reported by" that site clears its records.
import assert from 'node:assert/strict';
import { attackPage, dashboardWith, eventually, noticeMatching, noticeTexts, recordsOn, withServers } from './lib/attack-env.mjs';
import { setSettings } from './lib/env.mjs';

const host = (origin) => new URL(origin).host;

export const scenarios = [
  {
    name: 'attack: one page floods the ledger: past the per-site limit recording pauses with one notice, "Keep recording" (trusted click) resumes without losing a key, and everything it reported can be removed',
    async run({ driver }) {
      await setSettings(driver, { capturesPerHour: 20, capturesPerDay: 1000 });
      try {
        await withServers(driver, [{ lemmy: '0.19.4' }, { site: true }], async (s, evil) => {
          const page = await driver.openPage(attackPage(evil.origin, s.jwt));
          const flood = await page.evaluate((to) => window.e2e.flood(to, 30, 4), s.origin);
          assert.equal(flood.ok, 30, 'the server took all 30 uploads');
          const paused = await eventually(() => recordsOn(driver, s), (rs) => rs.length >= 20, 'the first 20 records');
          await noticeMatching(page, /paused/i, 'the pause notice');
          const texts = await noticeTexts(page);
          assert.equal(texts.filter((t) => /paused/i.test(t)).length, 1, `one notice, not one per upload: ${JSON.stringify(texts)}`);
          assert.match(texts.find((t) => /paused/i.test(t)), new RegExp(host(evil.origin)), 'it names the site');
          assert.equal((await recordsOn(driver, s)).length, 20, `recording paused at the limit (${paused.length})`);

          // The dashboard says so too, naming the site.
          const newest = paused.reduce((a, b) => (b.uploadedAt > a.uploadedAt ? b : a));
          const dash = await dashboardWith(driver, newest.id);
          const banner = await eventually(() => dash.evaluate(() => document.querySelector('[data-notice=captures-paused]')?.textContent ?? null), Boolean, 'the dashboard notice');
          assert.match(banner, new RegExp(host(evil.origin)), banner);

          // The trusted button in the page resumes recording: the 10 held back are saved, and new uploads are recorded.
          await page.clickInShadow('takeback-notice', 'keep-recording');
          await eventually(() => recordsOn(driver, s), (rs) => rs.length === 30, 'the 10 held back to be saved');
          assert.equal((await page.evaluate((to) => window.e2e.flood(to, 3, 1), s.origin)).ok, 3);
          await eventually(() => recordsOn(driver, s), (rs) => rs.length === 33, 'new uploads to be recorded again');

          // Remove everything reported by the site, from the dashboard.
          await dash.click('button[name=remove-reporter]');
          await dash.click('button[name=confirm-remove-reporter]');
          await eventually(() => recordsOn(driver, s), (rs) => rs.length === 0, 'every record it reported to be removed');
          await dash.close();
          await page.close();
        }, { allow: [1] });
      } finally {
        await setSettings(driver, { capturesPerHour: 200, capturesPerDay: 1000 });
      }
    },
  },
];

import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { badgeText, nextLocalMidnight, startOfLocalDay } from '@/utils/badge';
import { createCaptureService } from '@/utils/capture';
import { createLedger, openLedger } from '@/utils/ledger';
import { createPolicyStore } from '@/utils/policy';
import { createProblemLog } from '@/utils/problems';
import { RejectedMessage, route, type Services } from '@/utils/router';
import { loadSettings } from '@/utils/settings';

const MIDNIGHT_ALARM = 'badge-midnight';

export default defineBackground(() => {
  // Listeners are registered synchronously; all state lives in IndexedDB and storage.local,
  // so a stopped service worker loses nothing.
  const ledger = createLedger(openLedger());
  const services: Services = {
    extensionId: browser.runtime.id,
    extensionBase: browser.runtime.getURL('/'),
    ledger,
    capture: createCaptureService(ledger),
    problems: createProblemLog(browser.storage.local),
    settings: () => loadSettings(browser.storage.local),
    policies: createPolicyStore(browser.storage.local),
    onCaptured: () => void refreshBadge(),
    startOfToday: () => startOfLocalDay(),
  };

  async function refreshBadge() {
    const count = await ledger.countSince(startOfLocalDay());
    await browser.action.setBadgeText({ text: badgeText(count) });
    await browser.action.setBadgeBackgroundColor({ color: '#3b4a6b' });
    await browser.alarms.create(MIDNIGHT_ALARM, { when: nextLocalMidnight() });
  }

  browser.runtime.onMessage.addListener((message, sender) =>
    route(message, sender, services).catch((error: unknown) => {
      if (!(error instanceof RejectedMessage)) console.error('Takeback:', error);
      throw error;
    }),
  );
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === MIDNIGHT_ALARM) void refreshBadge();
  });
  browser.runtime.onStartup.addListener(() => void refreshBadge());
  browser.runtime.onInstalled.addListener(({ reason }) => {
    void refreshBadge();
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });
});

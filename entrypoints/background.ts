import { browser } from 'wxt/browser';
import { injectIntoSender, messageBridge } from '@/utils/bridge-injection';
import { defineBackground } from 'wxt/utils/define-background';
import { badgeText, nextLocalMidnight, startOfLocalDay } from '@/utils/badge';
import { createCaptureService } from '@/utils/capture';
import { createLedger, openLedger } from '@/utils/ledger';
import { createPolicyStore } from '@/utils/policy';
import { createProblemLog } from '@/utils/problems';
import { RejectedMessage, route, type Services } from '@/utils/router';
import { loadSettings } from '@/utils/settings';
import { createDeleteService } from '@/utils/delete-service';
import { createInstanceFacts } from '@/utils/instances';
import { createJobService } from '@/utils/jobs';
import { createRechecks, RECHECK_ALARM } from '@/utils/rechecks';
import type { PageNotice } from '@/utils/messages';
import { createCopyFinder } from '@/utils/server-copies';
import { createTabRunner, probeUrl, PUBLIC_DOCUMENT_CHARS, publicRequest } from '@/utils/tab-runner';
import { discoverContacts } from '@/utils/erasure/contacts';
import { localDate } from '@/utils/erasure/deadlines';
import { awaitedBy, createRequestService, ERASURE_DUE_ALARM, startOfLocalDate } from '@/utils/erasure/requests';
import { t } from '@/utils/i18n';
import { createFrontEndStore, vouchedFor } from '@/utils/front-ends';
import { createCaptureLimits } from '@/utils/capture-limits';
import { platformById } from '@/utils/platforms';
import { createUnseenWatcher, tellUnseen, unseenRecord, unseenUrlPatterns, type UnseenUpload, type UnseenWatcher } from '@/utils/unseen-uploads';

const MIDNIGHT_ALARM = 'badge-midnight';
/** Wakes a stopped service worker while a job runs (a long Retry-After, say), so the job carries on. */
const JOBS_ALARM = 'jobs-keepalive';

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export default defineBackground(() => {
  // Listeners are registered synchronously; all state lives in IndexedDB and storage.local,
  // so a stopped service worker loses nothing.
  const ledger = createLedger(openLedger());
  const notify = (notice: PageNotice) => void browser.runtime.sendMessage(notice).catch(() => {});
  const publicDocument = async (url: string) => {
    const answer = await publicRequest({ method: 'GET', url }, PUBLIC_DOCUMENT_CHARS);
    return { status: answer.status, body: answer.body };
  };
  const instances = createInstanceFacts(ledger.instances, publicDocument);
  const tabs = createTabRunner();
  let recheckTimer: ReturnType<typeof setTimeout> | undefined;
  let changedTimer: ReturnType<typeof setTimeout> | undefined;
  const changedIds = new Set<string>();
  const deletions = createDeleteService({
    ledger,
    instances,
    publicRequest,
    probe: probeUrl,
    inSession: tabs.inSession,
    inPage: tabs.inPage,
    now: Date.now,
    changed(ids) {
      // A bulk run changes records many times a second: pages hear of them in batches, and the re-check alarm is set
      // once things are quiet.
      for (const id of ids) changedIds.add(id);
      changedTimer ??= setTimeout(() => {
        changedTimer = undefined;
        notify({ type: 'ledger-changed', ids: [...changedIds] });
        changedIds.clear();
      }, 50);
      clearTimeout(recheckTimer);
      recheckTimer = setTimeout(() => void rechecks.schedule(), 1000);
    },
  });
  const jobs = createJobService({
    ledger,
    deletions,
    instances,
    getInSession: async (origin, url) => {
      const answer = await tabs.inSession(origin, { method: 'GET', url });
      return answer && 'interrupted' in answer ? null : answer;
    },
    release: tabs.release,
    jobChanged(job) {
      notify({ type: 'job-changed', job });
      if (job.state === 'running') void browser.alarms.create(JOBS_ALARM, { periodInMinutes: 0.5 });
    },
    newId: () => crypto.randomUUID(),
    now: Date.now,
    sleep,
  });

  const frontEnds = createFrontEndStore(browser.storage.local);
  // A session look-up of a private instance may open a tab of it; it is closed after the run.
  const autoRechecks = { recheck: (...args: Parameters<typeof deletions.recheck>) => deletions.recheck(...args).finally(() => jobs.releaseIdle()) };
  // The automatic re-checks never use the login for a report of a site the user has not confirmed (front-ends.ts).
  const rechecks = createRechecks(ledger, autoRechecks, browser.alarms, Date.now, async () => {
    const confirmed = await frontEnds.all();
    return (r) => !platformById(r.platform).deletion.checksUseSession || vouchedFor(r, confirmed);
  });

  const REMINDER = 'erasure:';
  const UNSEEN = 'unseen:';
  const requests = createRequestService({
    ledger,
    now: Date.now,
    today: () => localDate(Date.now()),
    startOf: startOfLocalDate,
    newId: () => crypto.randomUUID(),
    alarms: browser.alarms,
    async remind(r) {
      const host = r.instanceOrigins.map((o) => new URL(o).host).join(', ');
      const date = new Date(`${awaitedBy(r)}T12:00:00Z`);
      await browser.notifications.create(REMINDER + r.id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: t('erasureDueTitle'),
        message: t('erasureDueMessage', [host, Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(undefined, { dateStyle: 'long', timeZone: 'UTC' })]),
      });
    },
    changed: () => notify({ type: 'requests-changed' }),
  });
  browser.notifications.onClicked.addListener((id) => {
    if (id.startsWith(UNSEEN)) return void (openDashboard(), browser.notifications.clear(id));
    if (!id.startsWith(REMINDER)) return;
    void browser.tabs.create({ url: browser.runtime.getURL(`/requests.html#${encodeURIComponent(id.slice(REMINDER.length))}`) });
    void browser.notifications.clear(id);
  });

  const dashboardUrl = browser.runtime.getURL('/dashboard.html');
  const openDashboard = () => void browser.tabs.create({ url: dashboardUrl });
  // An upload the browser saw leave for an upload endpoint and no hook reported: a record without a key, and a notice.
  async function recordUnseen(upload: UnseenUpload, at: number) {
    if (!(await services.limits.admit(upload.pageOrigin)).ok) return services.pausesChanged?.();
    const record = unseenRecord(upload, at);
    await ledger.insert([record]);
    notify({ type: 'ledger-changed', ids: [record.id] });
    void refreshBadge();
    await tellUnseen(upload, {
      tabsOf: async (origin) =>
        (await browser.tabs.query({})).filter((tab) => tab.id !== undefined && URL.canParse(tab.url ?? '') && new URL(tab.url!).origin === origin).map((tab) => tab.id!),
      toTop: (tabId, notice) => messageBridge(tabId, 0, notice),
      fallback: async (notice) => {
        await browser.notifications.create(UNSEEN + record.id, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: t('noticeUnseenTitle', [notice.host]),
          message: t('unseenNotificationDetail', [notice.host]),
        });
      },
    });
  }
  // Copies the server makes of an upload itself (a Lemmy post's thumbnail), looked up at the instance without credentials.
  const copies = createCopyFinder({
    ledger,
    get: (url) => publicRequest({ method: 'GET', url }, PUBLIC_DOCUMENT_CHARS),
    wait: (ms) => sleep(ms),
    now: Date.now,
    added: (ids) => {
      notify({ type: 'ledger-changed', ids });
      void refreshBadge();
    },
  });
  const unseen = createUnseenWatcher({ now: Date.now, wait: (ms) => sleep(ms), found: recordUnseen });
  // Observing only (no blocking, no body): the requests to upload endpoints the browser finished, from any context.
  // Where the permission is optional (Chrome) it may be missing, or come and go from Settings (utils/unseen-watch.ts).
  const onUploadFinished = (details: Parameters<UnseenWatcher['finished']>[0]) =>
    void unseen.finished(details).catch((error: unknown) => console.error('Takeback:', error));
  const webRequest = () => (browser as { webRequest?: typeof browser.webRequest }).webRequest;
  const watchFinishedUploads = () => {
    const api = webRequest();
    if (api && !api.onCompleted.hasListener(onUploadFinished)) api.onCompleted.addListener(onUploadFinished, { urls: unseenUrlPatterns() });
  };
  watchFinishedUploads();
  browser.permissions.onAdded.addListener(watchFinishedUploads);
  browser.permissions.onRemoved.addListener(() => webRequest()?.onCompleted.removeListener(onUploadFinished));

  const services: Services = {
    extensionId: browser.runtime.id,
    extensionBase: browser.runtime.getURL('/'),
    ledger,
    capture: createCaptureService(ledger, Date.now, (ids) => {
      for (const id of ids) void copies.lookFor(id).catch((error: unknown) => console.error('Takeback:', error));
    }),
    problems: createProblemLog(browser.storage.local),
    settings: () => loadSettings(browser.storage.local),
    policies: createPolicyStore(browser.storage.local),
    jobs,
    requests,
    frontEnds,
    instanceFacts: instances.facts,
    limits: createCaptureLimits({
      area: browser.storage.local,
      countSince: ledger.countReportedSince,
      limits: async () => {
        const s = await loadSettings(browser.storage.local);
        return { perHour: s.capturesPerHour, perDay: s.capturesPerDay };
      },
      now: Date.now,
    }),
    pausesChanged: () => notify({ type: 'pauses-changed' }),
    toFrame: (tabId, frameId, message) => messageBridge(tabId, frameId, message),
    removed: (ids) => {
      notify({ type: 'ledger-changed', ids });
      void refreshBadge();
    },
    restored: (ids) => {
      notify({ type: 'ledger-changed', ids });
      notify({ type: 'requests-changed' });
      void refreshBadge();
      void rechecks.schedule();
    },
    contacts: (origin, platform) => discoverContacts(origin, platform, publicDocument),
    onCaptured: () => void refreshBadge(),
    previewSaved: (id) => notify({ type: 'ledger-changed', ids: [id] }),
    unseen,
    openDashboard,
    loadBridge: injectIntoSender,
    inSender: (sender, func) =>
      sender.tab?.id === undefined ? Promise.resolve(null) : tabs.inDocument(sender.tab.id, sender.frameId ?? 0, sender.documentId, func),
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
    if (alarm.name === RECHECK_ALARM) void rechecks.runDue();
    if (alarm.name === ERASURE_DUE_ALARM) void requests.runDue();
    if (alarm.name === JOBS_ALARM) {
      if (jobs.running()) return;
      void jobs.list().then(async (all) => {
        if (all.some((j) => j.state === 'running')) await jobs.resume();
        else await browser.alarms.clear(JOBS_ALARM);
      });
    }
  });
  // Jobs a closed browser or a stopped service worker left running carry on; due re-checks run.
  void jobs.resume();
  void rechecks.runDue();
  void requests.runDue();
  browser.runtime.onStartup.addListener(() => void refreshBadge());
  browser.runtime.onInstalled.addListener(({ reason }) => {
    void refreshBadge();
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });
});

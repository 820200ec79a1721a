import type { CaptureService } from './capture';
import type { RecheckResult } from './delete-service';
import type { RequestService } from './erasure/requests';
import type { ContactDiscovery } from './erasure/types';
import type { Ledger } from './ledger';
import type { PolicyStore } from './policy';
import type { FrontEndStore } from './front-ends';
import { vouchedFor } from './reporters';
import type { CaptureLimits } from './capture-limits';
import type { RelayedPrompt, RelayReply } from './prompt-relay';
import { platformById, ruleById } from './platforms';
import type { Observation } from './platforms/types';
import type { JobRecord, UploadRecord } from './records';
import type { Settings } from './settings';
import {
  ContentMessageSchema,
  PageMessageSchema,
  type CaptureReply,
  type ErasureDetail,
  type PickedFile,
  type RecheckReply,
  type Problem,
  type SiteView,
  type UploadPolicyReply,
} from './messages';

export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  /** The sending document (Chrome 106+, Firefox): present for content scripts even once their tab is gone. */
  documentId?: string;
  frameId?: number;
}

/** Deleting, re-checking and importing, run as jobs by the background. */
export interface JobService {
  startDelete(ids: string[]): Promise<string>;
  startImport(instanceOrigin: string): Promise<string>;
  cancel(jobId: string): Promise<boolean>;
  /** Checks the files' addresses again; which ones could be looked at (some test doubles say nothing). */
  recheck(ids: string[]): Promise<RecheckResult[] | void>;
  list(): Promise<JobRecord[]>;
}

export interface Services {
  extensionId: string;
  extensionBase: string;
  ledger: Ledger;
  capture: CaptureService;
  problems: { add(p: Problem): Promise<void>; forOrigin(origin: string): Promise<Problem[]> };
  policies: Pick<PolicyStore, 'get' | 'set'>;
  settings(): Promise<Settings>;
  jobs: JobService;
  requests: RequestService;
  frontEnds: Pick<FrontEndStore, 'all' | 'confirm'>;
  limits: Pick<CaptureLimits, 'admit' | 'recorded' | 'resume' | 'paused' | 'forget'>;
  /** A record's preview was saved (an open dashboard shows it). */
  previewSaved?(id: string): void;
  /** Records were removed from the ledger (pages re-read them). */
  removed?(ids: string[]): void;
  /** Recording from a site paused or resumed (the dashboard shows it). */
  pausesChanged?(): void;
  /** A page restored a backup: these records are new or changed (re-checks are due for some; pages re-read them). */
  restored?(ids: string[]): void;
  /** A message to one frame of a tab (Takeback's bridge there). */
  toFrame?(tabId: number, frameId: number, message: unknown): Promise<unknown>;
  /** What an instance runs (its version decides where its files are served). */
  instanceFacts?(origin: string, platform: 'lemmy' | 'matrix'): Promise<import('./records').InstanceInfo>;
  contacts(instanceOrigin: string, platform: 'lemmy' | 'matrix'): Promise<ContactDiscovery>;
  onCaptured(): void;
  startOfToday(): number;
  /** Uploads the hook reported, paired with the requests the browser saw (utils/unseen-uploads.ts). */
  unseen?: { reported(method: string, url: string): void };
  /** Opens the dashboard (a trusted click in an in-page notice). */
  openDashboard?(): void;
  /** Injects the rest of Takeback's bridge into the document that sent the message (utils/lazy-bridge.ts). */
  loadBridge?(sender: SenderInfo): Promise<{ injected: boolean; reason?: string }>;
  /** Runs a self-contained function in the page world of the document that sent the message; null when it cannot. */
  inSender?(sender: SenderInfo, func: () => unknown): Promise<unknown>;
}

/** The real origin of the frame that sent a content-script message, or null when it has none we can trust. */
export function senderOrigin(sender: SenderInfo): string | null {
  const raw = sender.origin ?? sender.url;
  if (!raw) return null;
  try {
    const origin = new URL(raw).origin;
    return /^https?:\/\//.test(origin) ? origin : null;
  } catch {
    return null;
  }
}

export class RejectedMessage extends Error {}

/** What a frame with an opaque origin is attributed to. */
export const OPAQUE = 'null';

/**
 * The ids of records that are their instance's own reports or come from a front end the user confirmed for it; `guarded`
 * says which records the rule applies to at all (the others are kept).
 */
async function vouchedIds(s: Services, ids: string[], guarded: (r: UploadRecord) => boolean): Promise<string[]> {
  const [records, frontEnds] = await Promise.all([s.ledger.getMany(ids), s.frontEnds.all()]);
  const drop = new Set(records.filter((r) => guarded(r) && !vouchedFor(r, frontEnds)).map((r) => r.id));
  return ids.filter((id) => !drop.has(id));
}

/**
 * Routes one runtime message. Content scripts may only report what their own frame saw;
 * only the extension's own pages may read the ledger.
 */
/**
 * One site's reports are handled in the order they arrived: a send or profile change that names an upload (a link)
 * must find the upload's record, which the admission check before it (utils/capture-limits.ts) would otherwise let
 * it overtake. Matrix-js-sdk's XHR upload hands the page its answer before the record is committed.
 */
const queues = new Map<string, Promise<unknown>>();
function inArrivalOrder<T>(pageOrigin: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(pageOrigin) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => {});
  queues.set(pageOrigin, tail);
  void tail.then(() => queues.get(pageOrigin) === tail && queues.delete(pageOrigin));
  return run;
}

async function captured(obs: Observation, sender: SenderInfo, pageOrigin: string, s: Services, picked?: Array<PickedFile | null>): Promise<CaptureReply> {
  // Read while the capture runs: the page's upload waits for this reply (bench P3).
  const settings = s.settings();
  settings.catch(() => {});
  // Past a human number of uploads from this site, nothing more is written until the user says so (§3, issue 11).
  const upload = ruleById(obs.rule)?.role === 'upload';
  if (upload) {
    // Seen by the hook: the browser's own sighting of this request is not an unseen upload.
    s.unseen?.reported(obs.method, obs.url);
    const gate = await s.limits.admit(pageOrigin);
    if (!gate.ok) {
      s.pausesChanged?.();
      return { saved: [], thumbnails: false, paused: gate.pause } satisfies CaptureReply;
    }
  }
  const saved = await s.capture.capture(obs, pageOrigin, picked);
  if (upload) s.limits.recorded(pageOrigin, saved.length);
  if (saved.length) s.onCaptured();
  // After the answer is on its way: who the page's app is signed in as (it decides whose files Takeback may touch).
  if (saved.length && s.inSender) {
    const inSender = s.inSender;
    void s.capture.identify(saved.map((x) => x.id), (probe) => inSender(sender, probe)).catch(() => {});
  }
  return { saved, thumbnails: saved.length > 0 && (await settings).thumbnails } satisfies CaptureReply;
}

export async function route(raw: unknown, sender: SenderInfo, s: Services): Promise<unknown> {
  if (sender.id !== s.extensionId) throw new RejectedMessage('foreign sender');
  const fromExtensionPage = !!sender.url?.startsWith(s.extensionBase);

  if (fromExtensionPage) {
    const msg = PageMessageSchema.parse(raw);
    switch (msg.type) {
      case 'list-site': {
        const origin = new URL(msg.site).origin;
        const [uploads, problems, capturedToday] = await Promise.all([
          s.ledger.listByPage(origin),
          s.problems.forOrigin(origin),
          s.ledger.countSince(s.startOfToday()),
        ]);
        return { origin, uploads, problems, capturedToday } satisfies SiteView;
      }
      case 'delete': {
        // One file: the user saw it (as the instance serves it) and who reported it in the confirmation. Several: the
        // reports of sites the user has not confirmed as front ends for that instance are left out (see front-ends.ts).
        const ids = msg.ids.length > 1 ? await vouchedIds(s, msg.ids, () => true) : msg.ids;
        return { jobId: ids.length ? await s.jobs.startDelete(ids) : null, leftOut: msg.ids.length - ids.length };
      }
      case 'recheck': {
        // Checks that use the login (Matrix downloads through Element) leave out unconfirmed reports in bulk too.
        const ids = msg.ids.length > 1 ? await vouchedIds(s, msg.ids, (r) => platformById(r.platform).deletion.checksUseSession) : msg.ids;
        const answered = await s.jobs.recheck(ids);
        const results = Array.isArray(answered) ? answered : [];
        // Files whose address gave no answer were not checked: say so, and as whom to sign in (issue 12 §2).
        const unchecked = results.filter((x) => !x.checked).map((x) => x.id);
        const accounts = [...new Set((await s.ledger.getMany(unchecked)).flatMap((r) => (r.account ? [r.account] : [])))];
        return { leftOut: msg.ids.length - ids.length, unchecked: unchecked.length, accounts } satisfies RecheckReply;
      }
      case 'front-ends':
        return s.frontEnds.all();
      case 'capture-pauses':
        return s.limits.paused();
      case 'resume-captures': {
        const origin = senderOrigin({ url: msg.origin });
        if (!origin) throw new RejectedMessage('not a web origin');
        await s.limits.resume(origin);
        s.pausesChanged?.();
        return true;
      }
      case 'remove-reporter': {
        const origin = senderOrigin({ url: msg.pageOrigin });
        if (!origin) throw new RejectedMessage('not a web origin');
        const ids = await s.ledger.removeByPage(origin);
        await s.limits.forget(origin);
        s.removed?.(ids);
        s.pausesChanged?.();
        return ids.length;
      }
      case 'ledger-restored':
        s.restored?.(msg.ids);
        return true;
      case 'forget-unseen': {
        const ids = await s.ledger.removeWhere(msg.ids, (r) => r.status === 'key-unknown');
        if (ids.length) s.removed?.(ids);
        return ids.length;
      }
      case 'live-url': {
        const r = await s.ledger.get(msg.id);
        return { url: r && s.instanceFacts ? platformById(r.platform).deletion.liveUrl(r, await s.instanceFacts(r.instanceOrigin, r.platform)) : null };
      }
      case 'sign-in-url': {
        const r = await s.ledger.get(msg.id);
        return { url: r ? platformById(r.platform).deletion.signInUrl(r) : null };
      }
      case 'confirm-front-end': {
        const instance = senderOrigin({ url: msg.instanceOrigin });
        const page = senderOrigin({ url: msg.pageOrigin });
        if (!instance || !page) throw new RejectedMessage('not a web origin');
        await s.frontEnds.confirm(instance, page);
        return true;
      }
      case 'import': {
        const origin = senderOrigin({ url: msg.instanceOrigin });
        if (!origin) throw new RejectedMessage('not a web origin');
        return { jobId: await s.jobs.startImport(origin) };
      }
      case 'cancel-job':
        return s.jobs.cancel(msg.jobId);
      case 'jobs':
        return s.jobs.list();
      case 'erasure-draft':
        return { requestIds: await s.requests.draft(msg.ids, msg.language, {}, await s.frontEnds.all()) };
      case 'erasure-list':
        return s.requests.list();
      case 'erasure-get': {
        const request = await s.ledger.requests.get(msg.id);
        if (!request) return null;
        const [records, instances] = await Promise.all([
          s.ledger.getMany([...request.itemIds, ...(request.heldBack ?? [])]),
          Promise.all(request.instanceOrigins.map((o) => s.ledger.instances.get(o))),
        ]);
        return { request, records, instances: instances.filter((i) => i !== undefined) } satisfies ErasureDetail;
      }
      case 'erasure-update':
        return s.requests.update(msg.id, msg.patch);
      case 'erasure-sent':
        return s.requests.markSent(msg.id, msg.sentOn, msg.sentVia, msg.recipient);
      case 'erasure-follow-up':
        return s.requests.markFollowUp(msg.id, msg.on);
      case 'erasure-resolve':
        return s.requests.resolve(msg.id);
      case 'erasure-include':
        return s.requests.include(msg.id, msg.itemId, msg.included);
      case 'erasure-reopen':
        return s.requests.reopen(msg.id);
      case 'erasure-delete':
        await s.requests.remove(msg.id);
        return true;
      case 'erasure-contacts': {
        const origin = senderOrigin({ url: msg.instanceOrigin });
        if (!origin) throw new RejectedMessage('not a web origin');
        return s.contacts(origin, msg.platform);
      }
      case 'erasure-due-count':
        return s.requests.dueCount();
    }
  }

  // A frame with an opaque origin (a sandboxed srcdoc or data: frame, where the hook also runs) reports as 'null': a
  // reporter of its own, never any site's own report, whose uploads are always asked about.
  const pageOrigin = senderOrigin(sender) ?? (sender.origin === OPAQUE ? OPAQUE : null);
  // A content script's document: normally in a tab. Firefox drops sender.tab once the tab has closed (it keeps
  // documentId), and the report of an XHR upload the page made just before closing must not be lost for that.
  const fromDocument = sender.tab !== undefined || typeof sender.documentId === 'string';
  if (!pageOrigin || !fromDocument) throw new RejectedMessage('content message without a web page');
  const msg = ContentMessageSchema.parse(raw);
  switch (msg.type) {
    case 'capture':
      return inArrivalOrder(pageOrigin, () => captured(msg.obs, sender, pageOrigin, s, msg.picked));
    case 'thumbnail': {
      if (!((await s.settings()).thumbnails)) return false;
      const saved = await s.capture.setThumbnail(msg.id, msg.dataUrl, pageOrigin);
      if (saved) s.previewSaved?.(msg.id);
      return saved;
    }
    case 'problem':
      await s.problems.add({ at: Date.now(), pageOrigin, reason: msg.reason });
      return true;
    case 'upload-policy': {
      const [policy, settings] = await Promise.all([pageOrigin === OPAQUE ? ('ask' as const) : s.policies.get(pageOrigin), s.settings()]);
      return { policy, delayMs: settings.askDelayMs, alwaysAsk: settings.alwaysAsk } satisfies UploadPolicyReply;
    }
    case 'remember-policy':
      if (pageOrigin === OPAQUE) throw new RejectedMessage('a sandboxed frame has no site to remember');
      await s.policies.set(pageOrigin, msg.policy);
      return true;
    case 'open-dashboard':
      s.openDashboard?.();
      return true;
    case 'load-bridge':
      if (!s.loadBridge) throw new RejectedMessage('this background cannot load the bridge');
      return s.loadBridge(sender);
    case 'resume-captures':
      await s.limits.resume(pageOrigin);
      s.pausesChanged?.();
      return true;
    // Between frames of the sender's own tab only: a sandboxed frame's warning goes to the top frame, its answers back.
    case 'relay-prompt': {
      const tab = sender.tab?.id;
      if (tab === undefined || !s.toFrame) throw new RejectedMessage('no tab to show the warning in');
      const { type: _t, ...rest } = msg;
      await s.toFrame(tab, 0, { ...rest, type: 'relayed-prompt', from: sender.frameId ?? 0 } satisfies RelayedPrompt);
      return true;
    }
    case 'relay-answer': {
      const tab = sender.tab?.id;
      if (tab === undefined || !s.toFrame || (sender.frameId ?? 0) !== 0) throw new RejectedMessage('only the top frame answers a relayed warning');
      const reply: RelayReply = { type: 'relay-reply', promptId: msg.promptId, ...(msg.msg && { msg: msg.msg }), ...(msg.failure && { failure: msg.failure }) };
      await s.toFrame(tab, msg.to, reply);
      return true;
    }
  }
}

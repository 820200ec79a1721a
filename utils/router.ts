import type { CaptureService } from './capture';
import type { RequestService } from './erasure/requests';
import type { ContactDiscovery } from './erasure/types';
import type { Ledger } from './ledger';
import type { PolicyStore } from './policy';
import type { JobRecord } from './records';
import type { Settings } from './settings';
import {
  ContentMessageSchema,
  PageMessageSchema,
  type CaptureReply,
  type ErasureDetail,
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
}

/** Deleting, re-checking and importing, run as jobs by the background. */
export interface JobService {
  startDelete(ids: string[]): Promise<string>;
  startImport(instanceOrigin: string): Promise<string>;
  cancel(jobId: string): Promise<boolean>;
  recheck(ids: string[]): Promise<void>;
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
  contacts(instanceOrigin: string, platform: 'lemmy' | 'matrix'): Promise<ContactDiscovery>;
  onCaptured(): void;
  startOfToday(): number;
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

/**
 * Routes one runtime message. Content scripts may only report what their own frame saw;
 * only the extension's own pages may read the ledger.
 */
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
      case 'delete':
        return { jobId: await s.jobs.startDelete(msg.ids) };
      case 'recheck':
        await s.jobs.recheck(msg.ids);
        return true;
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
        return { requestIds: await s.requests.draft(msg.ids, msg.language) };
      case 'erasure-list':
        return s.requests.list();
      case 'erasure-get': {
        const request = await s.ledger.requests.get(msg.id);
        if (!request) return null;
        const [records, instances] = await Promise.all([
          s.ledger.getMany(request.itemIds),
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

  const pageOrigin = senderOrigin(sender);
  // A content script's document: normally in a tab. Firefox drops sender.tab once the tab has closed (it keeps
  // documentId), and the report of an XHR upload the page made just before closing must not be lost for that.
  const fromDocument = sender.tab !== undefined || typeof sender.documentId === 'string';
  if (!pageOrigin || !fromDocument) throw new RejectedMessage('content message without a web page');
  const msg = ContentMessageSchema.parse(raw);
  switch (msg.type) {
    case 'capture': {
      const saved = await s.capture.capture(msg.obs, pageOrigin);
      if (saved.length) s.onCaptured();
      return { saved, thumbnails: saved.length > 0 && ((await s.settings()).thumbnails) } satisfies CaptureReply;
    }
    case 'thumbnail': {
      if (!((await s.settings()).thumbnails)) return false;
      return s.capture.setThumbnail(msg.id, msg.dataUrl, pageOrigin);
    }
    case 'problem':
      await s.problems.add({ at: Date.now(), pageOrigin, reason: msg.reason });
      return true;
    case 'upload-policy': {
      const [policy, settings] = await Promise.all([s.policies.get(pageOrigin), s.settings()]);
      return { policy, delayMs: settings.askDelayMs, alwaysAsk: settings.alwaysAsk } satisfies UploadPolicyReply;
    }
    case 'remember-policy':
      await s.policies.set(pageOrigin, msg.policy);
      return true;
  }
}

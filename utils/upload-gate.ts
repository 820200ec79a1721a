import type { Hold, PickedFile, UploadPolicyReply } from './messages';
import type { PickGroup, PickMatch, PickTracker } from './picks';
import { inPagePlatformForRule as platformForRule } from './platforms/in-page';
import type { Destination } from './platforms/types';
import type { FromDialog, PromptItem, PromptOpen, ToDialog } from './prompt-protocol';

/** The bridge's handle on one warning dialog (an extension iframe); see prompt-frame.ts. */
export interface DialogFrame {
  send(msg: ToDialog): void;
  /** Makes the dialog visible and modal, and moves focus into it. */
  reveal(): void;
  close(): void;
}
export type FrameFailure = 'load' | 'removed' | 'dismissed';
export type OpenFrame = (
  open: PromptOpen,
  on: { message(m: FromDialog): void; failure(why: FrameFailure): void },
) => DialogFrame;

export type GateNotice = { kind: 'blocked' } | { kind: 'failed'; reason: string } | { kind: 'removed' } | { kind: 'unavailable' } | { kind: 'declined'; names: string[] };

/** A picked file behind one file of an upload: what the record may say about it, and the file for its preview. */
export interface PickedForUpload {
  meta: PickedFile;
  file: File;
}

interface Waiting {
  reply(allow: boolean): void;
  groups: PickGroup[];
  items: PromptItem[];
  /** Files the hold counted but did not describe. */
  more: number;
  unreadable: boolean;
  /** The app already asked about this upload, so Takeback speaks up only if the file carries metadata. */
  quiet: boolean;
}

interface Session {
  frame: DialogFrame;
  waiting: Map<string, Waiting>;
  version: number;
  revealed: boolean;
}

/** Where an upload goes when Takeback could not tell the platform: the host of its URL, or this page's. */
function unknownDestination(hold: Hold): Destination {
  const host = URL.canParse(hold.url) ? new URL(hold.url).host : '';
  // The public wording: without knowing the platform, assume anyone may see the file.
  return { label: 'unknown', host: host || 'this site', exposure: 'lemmy' };
}

export const MAX_LISTED = 256;

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Decides every held upload of one frame: by the site's policy, by an answer the user already gave for the same
 * files, or by asking in one dialog that gathers every upload held meanwhile. Only the dialog (extension origin,
 * trusted input) or the stored policy can let an upload go. When Takeback cannot even read the policy (the extension
 * was updated under the page), the upload goes on and the user is told; once a dialog is open, only the user's answer
 * lets it go.
 */
export function createUploadGate(deps: {
  doc: Document;
  picks: PickTracker;
  uploadPolicy(): Promise<UploadPolicyReply>;
  rememberPolicy(policy: 'allow' | 'never'): Promise<unknown>;
  openFrame: OpenFrame;
  notify(notice: GateNotice): void;
  newPromptId?: () => string;
  /** What the dialog calls a frame with no host (a sandboxed frame). */
  opaqueSite?: string;
}) {
  const { doc, picks } = deps;
  const pending = new Set<string>(); // reqIds waiting for the policy answer
  let session: Session | null = null;
  const fileIds = new WeakMap<Blob, string>();
  let nextFileId = 0;
  const fileId = (file: Blob) => fileIds.get(file) ?? (fileIds.set(file, `pick-${++nextFileId}`), `pick-${nextFileId}`);

  function itemsFor(hold: Hold, previews: Array<Blob | null>, matches: Array<PickMatch | null>): PromptItem[] {
    const dest = platformForRule(hold.rule)?.describeHold(hold) ?? unknownDestination(hold);
    const fromFile = (file: File): PromptItem => ({ id: fileId(file), name: file.name, type: file.type, size: file.size, file, ...dest });
    return hold.files.flatMap((meta, i): PromptItem[] => {
      const match = matches[i];
      if (match?.file) return [fromFile(match.file)];
      // An upload made from the picked files (Element's thumbnail, or their ciphertext): show what the user picked.
      if (match) return match.group.files.map(fromFile);
      return [{ id: `${hold.reqId}:${i}`, name: meta.name, type: meta.type, size: meta.size, file: previews[i] ?? null, ...dest }];
    });
  }

  /** Ends the session: every held upload gets the verdict. `chosen`: the user's own click or key in the dialog. */
  function finish(upload: boolean, remember: 'allow' | 'never' | null, chosen = false) {
    const s = session;
    if (!s) return;
    session = null;
    s.frame.close();
    const names: string[] = [];
    for (const w of s.waiting.values()) {
      for (const g of w.groups) picks.decide(g, upload);
      w.reply(upload);
      for (const item of w.items) if (item.name && !names.includes(item.name)) names.push(item.name);
    }
    // The page learns only that its request failed, and says so ("Upload failed" in Element): the user's own choice
    // is told in Takeback's words (issue 12 §2).
    if (!upload && chosen) deps.notify({ kind: 'declined', names });
    if (remember) void deps.rememberPolicy(remember).catch((e: unknown) => deps.notify({ kind: 'failed', reason: String(e) }));
  }

  function sync(s: Session) {
    const seen = new Set<string>();
    const waiting = [...s.waiting.values()];
    const all = waiting.flatMap((w) => w.items).filter((i) => !seen.has(i.id) && !!seen.add(i.id));
    // The dialog lists up to MAX_LISTED files; the others are counted.
    const items = all.slice(0, MAX_LISTED);
    const more = waiting.reduce((n, w) => n + w.more, all.length - items.length);
    const unreadable = waiting.some((w) => w.unreadable);
    s.frame.send({ t: 'items', version: ++s.version, items, ...(more && { more }), ...(unreadable && { unreadable }) });
    if (!s.revealed && [...s.waiting.values()].some((w) => !w.quiet)) reveal(s);
  }

  function reveal(s: Session) {
    s.revealed = true;
    s.frame.reveal();
  }

  function open(site: string, delayMs: number): Session {
    const promptId = (deps.newPromptId ?? randomId)();
    const s: Session = { frame: null as unknown as DialogFrame, waiting: new Map(), version: 0, revealed: false };
    s.frame = deps.openFrame(
      { promptId, site, delayMs },
      {
        message(m) {
          if (session !== s) return;
          if (m.t === 'decide') finish(m.upload, m.remember, true);
          // A quiet check (the app asked already) that found no location or camera data lets the uploads go.
          else if (m.t === 'checked' && m.version === s.version && !s.revealed) m.found ? reveal(s) : finish(true, null);
        },
        failure(why) {
          if (session !== s) return;
          // Nothing was approved, so nothing leaves. That holds even when the dialog never loaded: a page can cause
          // that (window.stop(), or freezing its own thread past the timeout), so it must not let an upload go.
          finish(false, null);
          if (why === 'load') deps.notify({ kind: 'unavailable' });
          if (why === 'removed') deps.notify({ kind: 'removed' });
        },
      },
    );
    return s;
  }

  /** What the user picked for each file of a held upload, until its record is made (issue 12 §2). */
  const pickedByReq = new Map<string, Array<PickedForUpload | null>>();
  function rememberPicked(reqId: string, matches: Array<PickMatch | null>) {
    if (!matches.some(Boolean)) return;
    pickedByReq.set(
      reqId,
      matches.map((m) => {
        const file = m?.file ?? (m?.group.files.length === 1 ? m.group.files[0]! : null);
        return m && file ? { meta: { name: file.name, type: file.type, size: file.size, derived: !m.file }, file } : null;
      }),
    );
    while (pickedByReq.size > 64) pickedByReq.delete(pickedByReq.keys().next().value!);
  }

  return {
    /** The picked files behind a held upload's files (null where none), once: for the record the upload leaves. */
    pickedFor(reqId: string): Array<PickedForUpload | null> | undefined {
      const found = pickedByReq.get(reqId);
      pickedByReq.delete(reqId);
      return found;
    },

    async hold(hold: Hold, previews: Array<Blob | null>, reply: (allow: boolean) => void): Promise<void> {
      pending.add(hold.reqId);
      let policy: UploadPolicyReply;
      try {
        policy = await deps.uploadPolicy();
      } catch (e) {
        if (pending.delete(hold.reqId)) reply(true);
        deps.notify({ kind: 'failed', reason: e instanceof Error ? e.message : String(e) });
        return;
      }
      if (!pending.delete(hold.reqId)) return; // withdrawn by the page meanwhile
      const matches = hold.files.map((f) => picks.match(f));
      rememberPicked(hold.reqId, matches);
      // A hold Takeback could not fully read has no platform to ask: it is asked about all the same, never let through.
      const platform = platformForRule(hold.rule);
      if (policy.policy === 'allow') return reply(true);
      if (policy.policy === 'never') {
        reply(false);
        return deps.notify({ kind: 'blocked' });
      }

      const groups = [...new Set(matches.flatMap((m) => (m ? [m.group] : [])))];
      const answers = groups.map((g) => picks.answer(g));
      if (answers.includes(false)) return reply(false);
      if (groups.length && answers.every((a) => a === true)) return reply(true);

      const unreadable = hold.unreadable === true || !platform;
      const quiet = !unreadable && !policy.alwaysAsk && !!platform?.appConfirms?.(hold, groups[0] ?? null, doc);
      const more = Math.max(0, (hold.fileCount ?? hold.files.length) - hold.files.length);
      const s = (session ??= open(doc.location.host || deps.opaqueSite || '?', policy.delayMs));
      s.waiting.set(hold.reqId, { reply, groups, items: itemsFor(hold, previews, matches), more, unreadable, quiet });
      sync(s);
    },

    /** The page aborted a held upload: it leaves the dialog, and the dialog closes when nothing is left. */
    withdraw(reqId: string) {
      pending.delete(reqId);
      const s = session;
      if (!s?.waiting.delete(reqId)) return;
      if (s.waiting.size) return sync(s);
      session = null;
      s.frame.close();
    },
  };
}
export type UploadGate = ReturnType<typeof createUploadGate>;

import { openHookChannel } from './hook-channel';
import { HookMessageSchema, type BridgeMessage, type Hold, type HookMessage } from './hook-messages';
import { FileMetaSchema, MAX_FILE_NAME, MAX_FILES_DESCRIBED } from './platforms/types';
import type { WatchRule } from './platforms/types';

/** The hook's request ids (utils/hook/install.ts): 32 hex digits drawn per page load, then an 8-digit counter. */
const REQ_ID = /^[0-9a-f]{40}$/;

/**
 * Reads one message the hook sent (utils/hook-channel.ts hands them on unread): the JSON string, or
 * [JSON string, ...previews] when the upload carried images. Runs in the lazily loaded bridge (issue 13).
 */
export function readHookMessage(
  detail: unknown,
  pageUrl: string,
  reply: (m: BridgeMessage) => void,
  onMessage: (msg: HookMessage, previews: Array<Blob | null>, reply: (m: BridgeMessage) => void) => void,
  onInvalid: (reason: string) => void,
) {
  const parts = typeof detail === 'string' ? [detail] : Array.from(detail as ArrayLike<unknown>);
  const [json, ...rest] = parts;
  let parsed: unknown;
  try {
    parsed = typeof json === 'string' ? JSON.parse(json) : undefined;
  } catch {
    parsed = undefined;
  }
  const msg = HookMessageSchema.safeParse(parsed);
  const previews = rest.map((p) => (p instanceof Blob ? p : null));
  if (!msg.success) {
    // Never leave the page waiting on a message we cannot read, and never let an upload go unasked because of one:
    // a held upload is still asked about, with what could be read; a report is answered "not saved" and the user told.
    const reason = msg.error.issues[0]?.message ?? 'invalid message';
    const body = (parsed ?? {}) as { t?: unknown; kind?: unknown; reqId?: unknown; obs?: { reqId?: unknown }; hold?: Record<string, unknown> };
    const unreadable = body.t === 'unreadable' ? body : null;
    const hold = body.t === 'hold' ? body.hold : unreadable?.kind === 'hold' ? unreadable : undefined;
    const held = hold && salvageHold(hold, pageUrl);
    if (held) return onMessage({ t: 'hold', hold: held }, previews, reply);
    const ackId = body.t === 'obs' ? body.obs?.reqId : unreadable?.kind === 'obs' ? unreadable.reqId : undefined;
    if (typeof ackId === 'string' && REQ_ID.test(ackId)) reply({ t: 'ack', reqId: ackId, ok: false });
    return onInvalid(reason);
  }
  onMessage(msg.data, previews, reply);
}

/** Handshake and reading together, as one bridge that loads everything at once (the unit tests' hook environment). */
export function openBridgeChannel(
  win: Window,
  options: {
    rules: WatchRule[];
    onMessage: (msg: HookMessage, previews: Array<Blob | null>, reply: (m: BridgeMessage) => void) => void;
    onInvalid?: (reason: string) => void;
  },
): { connected: () => boolean } {
  const { rules, onMessage, onInvalid = () => {} } = options;
  const channel = openHookChannel(win, rules, (detail) => readHookMessage(detail, win.location.href, channel.reply, onMessage, onInvalid));
  return channel;
}

/**
 * What can be read of a hold message that failed the schema: its id (without one there is nothing to answer), its
 * rule, its URL when it is one (else the page's own, so the warning still names a place), the file entries that are
 * valid once cut to size. Always marked unreadable, so the warning says Takeback could not read everything.
 */
export function salvageHold(raw: Record<string, unknown>, pageUrl: string): Hold | null {
  const reqId = raw.reqId;
  if (typeof reqId !== 'string' || !REQ_ID.test(reqId)) return null;
  const url = typeof raw.url === 'string' && URL.canParse(raw.url) && /^https?:/i.test(raw.url) ? raw.url.slice(0, 8192) : pageUrl;
  const cutText = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : v);
  const files = (Array.isArray(raw.files) ? raw.files : []).slice(0, MAX_FILES_DESCRIBED).flatMap((f: unknown) => {
    const meta = (f ?? {}) as Record<string, unknown>;
    const parsed = FileMetaSchema.safeParse({ field: cutText(meta.field, MAX_FILE_NAME) ?? null, name: cutText(meta.name, MAX_FILE_NAME) ?? null, type: cutText(meta.type, 255) ?? '', size: meta.size });
    return parsed.success ? [parsed.data] : [];
  });
  return {
    reqId,
    rule: typeof raw.rule === 'string' ? raw.rule.slice(0, 64) : '',
    method: typeof raw.method === 'string' ? raw.method.slice(0, 16) : 'POST',
    url,
    files,
    unreadable: true,
  };
}

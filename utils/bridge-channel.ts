import { HELLO_BRIDGE, HELLO_HOOK, SECRET, down, up } from './hook/protocol';
import { HookMessageSchema, type BridgeMessage, type HookMessage } from './messages';
import type { WatchRule } from './platforms/types';

/**
 * The ISOLATED end of the page channel. Accepts exactly one hook (the first SECRET it hears, which
 * arrives during document_start, before page scripts run) and validates every message from it.
 */
const REQ_ID = /^[0-9a-f]{40}$/;

export function openBridgeChannel(
  win: Window,
  options: {
    rules: WatchRule[];
    onMessage: (msg: HookMessage, previews: Array<Blob | null>, reply: (m: BridgeMessage) => void) => void;
    onInvalid?: (reason: string) => void;
  },
): { connected: () => boolean } {
  const { rules, onMessage, onInvalid = () => {} } = options;
  let secret: string | null = null;
  const reply = (m: BridgeMessage) => {
    if (secret) win.dispatchEvent(new CustomEvent(down(secret), { detail: JSON.stringify(m) }));
  };

  const announce = () => win.dispatchEvent(new CustomEvent(HELLO_BRIDGE));
  const onSecret = (e: Event) => {
    const detail = (e as CustomEvent).detail;
    if (secret || typeof detail !== 'string' || !/^takeback-[0-9a-f]{32}$/.test(detail)) return;
    secret = detail;
    win.removeEventListener(HELLO_HOOK, announce);
    win.removeEventListener(SECRET, onSecret);
    win.addEventListener(up(secret), onUp);
    reply({ t: 'config', rules });
  };

  function onUp(e: Event) {
    // detail is the JSON string, or [JSON string, ...previews] when the upload carried images.
    const detail: unknown = (e as CustomEvent).detail;
    const parts = typeof detail === 'string' ? [detail] : Array.from(detail as ArrayLike<unknown>);
    const [json, ...rest] = parts;
    let parsed: unknown;
    try {
      parsed = typeof json === 'string' ? JSON.parse(json) : undefined;
    } catch {
      parsed = undefined;
    }
    const msg = HookMessageSchema.safeParse(parsed);
    if (!msg.success) {
      // Never leave the page waiting on a message we cannot read: release a held upload or response at once.
      const body = parsed as { obs?: { reqId?: unknown }; hold?: { reqId?: unknown } } | undefined;
      const ackId = body?.obs?.reqId;
      const holdId = body?.hold?.reqId;
      if (typeof ackId === 'string' && REQ_ID.test(ackId)) reply({ t: 'ack', reqId: ackId, ok: false });
      if (typeof holdId === 'string' && REQ_ID.test(holdId)) reply({ t: 'verdict', reqId: holdId, allow: true });
      return onInvalid(msg.error.issues[0]?.message ?? 'invalid message');
    }
    const previews = rest.map((p) => (p instanceof Blob ? p : null));
    onMessage(msg.data, previews, reply);
  }

  win.addEventListener(HELLO_HOOK, announce);
  win.addEventListener(SECRET, onSecret);
  announce();
  return { connected: () => secret !== null };
}

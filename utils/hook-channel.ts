import { HELLO_BRIDGE, HELLO_HOOK, SECRET, down, up } from './hook/protocol';
import type { BridgeMessage } from './messages';
import type { WatchRule } from './platforms/types';

/**
 * The ISOLATED end of the page channel, handshake only: accepts exactly one hook (the first SECRET it hears, which
 * arrives during document_start, before page scripts run), sends it the rules, and hands on every message from it
 * unread. Reading and validating them is the lazily loaded bridge's work (utils/bridge-channel.ts): this part runs in
 * every frame of every page at document_start and must stay tiny (issue 13).
 */
export function openHookChannel(win: Window, rules: WatchRule[], onUp: (detail: unknown) => void) {
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
    win.addEventListener(up(secret), (e) => onUp((e as CustomEvent).detail));
    reply({ t: 'config', rules });
  };
  win.addEventListener(HELLO_HOOK, announce);
  win.addEventListener(SECRET, onSecret);
  announce();
  return { reply, connected: () => secret !== null };
}
export type HookChannel = ReturnType<typeof openHookChannel>;

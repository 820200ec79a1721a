import type { BridgeMessage } from './messages';
import type { PickTracker } from './picks';

/*
 * The bridge in two parts (issue 13). Every frame of every page evaluates the first part at document_start: the
 * handshake with the hook, the rules, the pick tracker, a queue. The rest (reading and validating what the hook sends,
 * the upload gate and its warning, notices, thumbnails, the answers to the background) is injected by the background
 * into that one document (scripting.executeScript, target documentIds) the first time its hook sees a watched request
 * or the user picks a file there (or when the background has something for the frame: utils/bridge-injection.ts).
 *
 * Why executeScript and not import() of a web-accessible module: nothing of Takeback becomes readable by pages (no
 * web_accessible_resources entry, no URL in the page's resource timing to probe for), the file is only ever run in a
 * document the background chose, and both browsers run it in every frame the hook runs in, sandboxed ones included.
 * Both parts share the extension's isolated world of that document, which no page script can see: they meet on a
 * property of its global object.
 */

/** The property of the isolated world's global object on which the two parts meet. */
export const BRIDGE_CORE = '__takebackBridgeCore';

/** The file the background injects (entrypoints/bridge-lazy.ts). */
export const LAZY_BRIDGE_FILE = '/bridge-lazy.js';

/** What the rest says when it is injected (the result of executeScript): attached, already there, or nothing to attach to. */
export type RestStatus = 'attached' | 'there' | 'no-core';

/** What the document_start part hands the rest. */
export interface BridgeCore {
  picks: PickTracker;
  /** A message to the hook. */
  reply(m: BridgeMessage): void;
  /** Set by the first copy of the rest injected (two first needs at once can inject it twice). */
  taken?: true;
  /** Called by the rest once, synchronously while it is evaluated. */
  attach(rest: LazyBridge): void;
}

/** The rest of the bridge, as the first part calls it. */
export interface LazyBridge {
  /** One message from the hook, unread (in arrival order, queued ones first). */
  fromHook(detail: unknown): void;
}

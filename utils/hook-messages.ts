import { z } from 'zod';
import { ObservationSchema, type WatchRule } from './platforms/types';

/* Hook → bridge, over the private page channel (JSON strings; the page's world is untrusted). */
/** An upload about to leave, waiting for the extension's verdict. */
export const HoldSchema = ObservationSchema.pick({ reqId: true, rule: true, method: true, url: true, files: true, fileCount: true, unreadable: true });
export type Hold = z.infer<typeof HoldSchema>;

export const HookMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('obs'), obs: ObservationSchema }),
  z.object({ t: z.literal('hold'), hold: HoldSchema }),
  z.object({ t: z.literal('withdrawn'), reqId: ObservationSchema.shape.reqId }),
]);
export type HookMessage = z.infer<typeof HookMessageSchema>;

/* Bridge → hook. Carries no keys and no ledger data: only what the hook needs to watch, and save receipts. */
export type BridgeMessage =
  | { t: 'config'; rules: WatchRule[] }
  | { t: 'ack'; reqId: string; ok: boolean }
  | { t: 'verdict'; reqId: string; allow: boolean };


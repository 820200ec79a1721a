import { z } from 'zod';
import { DESTINATION_LABELS, EXPOSURES } from './platforms/types';
import { MAX_ASK_DELAY_MS } from './settings';

/*
 * The upload warning runs in an extension page framed by the ISOLATED bridge (the page cannot script it).
 * The bridge opens it with upload-warning.html#<promptId>, then posts {promptId, …} with a MessagePort once it loads; the
 * dialog takes the port only from a message naming its own promptId, which the page never sees. Everything after
 * that travels over the port, so the page can neither read the preview nor speak for either side.
 */

export const PROMPT_PAGE = '/upload-warning.html';
export const PROMPT_ID = /^[0-9a-f]{32}$/;


export const PromptItemSchema = z.object({
  id: z.string().max(128),
  name: z.string().max(1024).nullable(),
  type: z.string().max(256),
  size: z.number().int().nonnegative(),
  /** The file itself (or the one the user picked, when the request carries ciphertext or a thumbnail); null if unknown. */
  file: z.instanceof(Blob).nullable(),
  label: z.enum(DESTINATION_LABELS),
  host: z.string().min(1).max(512),
  exposure: z.enum(EXPOSURES),
});
export type PromptItem = z.infer<typeof PromptItemSchema>;

export const PromptOpenSchema = z.object({
  promptId: z.string().regex(PROMPT_ID),
  site: z.string().min(1).max(512),
  delayMs: z.number().int().min(0).max(MAX_ASK_DELAY_MS),
});
export type PromptOpen = z.infer<typeof PromptOpenSchema>;

/** Bridge → dialog. `items` replaces the whole list; `version` lets a metadata check name the list it read. */
export const ToDialogSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('items'),
    version: z.number().int(),
    items: z.array(PromptItemSchema).max(256),
    /** Files held that are not listed (a body with more than the hook describes). */
    more: z.number().int().nonnegative().max(1_000_000).optional(),
    /** Takeback could not read everything about one of the held uploads: the dialog says so. */
    unreadable: z.boolean().optional(),
  }),
  z.object({ t: z.literal('reveal') }),
  /** A trusted click the browser delivered to the dialog's host in the page instead of the frame: act on what is there. */
  z.object({ t: z.literal('click'), x: z.number().finite(), y: z.number().finite() }),
]);
export type ToDialog = z.infer<typeof ToDialogSchema>;

/** Dialog → bridge. */
export const FromDialogSchema = z.discriminatedUnion('t', [
  /** The dialog page runs and holds the port. */
  z.object({ t: z.literal('ready') }),
  /** Metadata of list `version` was read; `found` when any file carries location or camera data, or could not be read. */
  z.object({ t: z.literal('checked'), version: z.number().int(), found: z.boolean() }),
  z.object({ t: z.literal('decide'), upload: z.boolean(), remember: z.enum(['allow', 'never']).nullable() }),
]);
export type FromDialog = z.infer<typeof FromDialogSchema>;

import { z } from 'zod';
import { FromDialogSchema, PromptOpenSchema, ToDialogSchema, type FromDialog, type PromptOpen, type ToDialog } from './prompt-protocol';
import type { DialogFrame, FrameFailure, OpenFrame } from './upload-gate';

/*
 * The warning for a frame that cannot show it itself. A sandboxed frame (opaque origin) passes its sandbox on to every
 * frame inside it, so Takeback's warning page would load there without its own origin and could not run. The hook
 * still holds the frame's upload; the dialog is shown by the tab's top frame instead, relayed through the background
 * (which sends only between frames of the same tab), and the answer comes back the same way.
 * File previews stay in the frame (runtime messages carry no Blobs): the dialog shows names, sizes and types.
 */

const FAILURES = ['load', 'removed', 'dismissed'] as const satisfies readonly FrameFailure[];

/** Frame with the upload → background. */
export const RelayPromptSchema = z.object({
  type: z.literal('relay-prompt'),
  promptId: PromptOpenSchema.shape.promptId,
  op: z.enum(['open', 'send', 'reveal', 'close']),
  open: PromptOpenSchema.optional(),
  msg: ToDialogSchema.optional(),
});
export type RelayPrompt = z.infer<typeof RelayPromptSchema>;

/** Top frame → background: what the dialog answered, for the frame that asked. */
export const RelayAnswerSchema = z.object({
  type: z.literal('relay-answer'),
  promptId: PromptOpenSchema.shape.promptId,
  to: z.number().int().nonnegative(),
  msg: FromDialogSchema.optional(),
  failure: z.enum(FAILURES).optional(),
});
export type RelayAnswer = z.infer<typeof RelayAnswerSchema>;

/** Background → top frame: a prompt to show for frame `from`. */
export type RelayedPrompt = Omit<RelayPrompt, 'type'> & { type: 'relayed-prompt'; from: number };
/** Background → the frame that asked. */
export type RelayReply = { type: 'relay-reply'; promptId: string; msg?: FromDialog; failure?: FrameFailure };

/** Blobs cannot travel in runtime messages: the relayed list has no file content. */
const withoutFiles = (m: ToDialog): ToDialog => (m.t === 'items' ? { ...m, items: m.items.map((i) => ({ ...i, file: null })) } : m);

/** The asking frame's side: an OpenFrame whose dialog is the top frame's. `reply` is fed every relay-reply message. */
export function relayPrompt(send: (m: RelayPrompt) => Promise<unknown>) {
  const open = new Map<string, { message(m: FromDialog): void; failure(why: FrameFailure): void }>();
  const post = (m: RelayPrompt, on: { failure(why: FrameFailure): void }) => void send(m).catch(() => on.failure('load'));
  const openFrame: OpenFrame = (prompt: PromptOpen, on): DialogFrame => {
    const { promptId } = prompt;
    open.set(promptId, on);
    post({ type: 'relay-prompt', promptId, op: 'open', open: prompt }, on);
    return {
      send: (msg) => post({ type: 'relay-prompt', promptId, op: 'send', msg: withoutFiles(msg) }, on),
      reveal: () => post({ type: 'relay-prompt', promptId, op: 'reveal' }, on),
      close() {
        if (open.delete(promptId)) void send({ type: 'relay-prompt', promptId, op: 'close' }).catch(() => {});
      },
    };
  };
  return {
    openFrame,
    reply(m: RelayReply) {
      const on = open.get(m.promptId);
      if (!on) return;
      if (m.msg) on.message(m.msg);
      if (m.failure) {
        open.delete(m.promptId);
        on.failure(m.failure);
      }
    },
  };
}

/** The top frame's side: shows relayed prompts with its own framed dialog, and sends back what it answers. */
export function relayHost(openFrame: OpenFrame, answer: (m: RelayAnswer) => Promise<unknown>) {
  const shown = new Map<string, DialogFrame>();
  return (m: RelayedPrompt) => {
    const { promptId, from } = m;
    if (m.op === 'open' && m.open && !shown.has(promptId)) {
      const done = () => shown.delete(promptId);
      shown.set(
        promptId,
        openFrame(m.open, {
          message: (msg) => void answer({ type: 'relay-answer', promptId, to: from, msg }).catch(() => {}),
          failure: (failure) => {
            done();
            void answer({ type: 'relay-answer', promptId, to: from, failure }).catch(() => {});
          },
        }),
      );
      return;
    }
    const frame = shown.get(promptId);
    if (!frame) return;
    if (m.op === 'send' && m.msg) frame.send(m.msg);
    if (m.op === 'reveal') frame.reveal();
    if (m.op === 'close') {
      shown.delete(promptId);
      frame.close();
    }
  };
}

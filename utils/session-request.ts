import { z } from 'zod';
import type { HttpAnswer, HttpRequest } from './delete-service';

export const MAX_BODY_CHARS = 64 * 1024;

/**
 * One request, answered as status + a short body. From a tab of the instance with 'include' it is same-origin, so the
 * site's own login cookie goes along; from the background with 'omit', it is what anyone on the internet would get.
 * Self-contained: scripting.executeScript serialises it into tabs the bridge is not running in.
 */
export async function sendRequest(req: HttpRequest, maxChars: number, credentials: RequestCredentials): Promise<HttpAnswer> {
  try {
    const res = await fetch(req.url, {
      method: req.method,
      credentials,
      cache: 'no-store',
      redirect: 'manual',
      ...(req.body !== undefined && { body: req.body }),
      ...(req.contentType && { headers: { 'Content-Type': req.contentType } }),
    });
    const body = res.type === 'opaqueredirect' ? null : (await res.text()).slice(0, maxChars);
    return { status: res.type === 'opaqueredirect' ? 303 : res.status, body, retryAfter: res.headers.get('retry-after') };
  } catch {
    return { status: 0, body: null, retryAfter: null };
  }
}

/* Background → bridge (tabs.sendMessage to the top frame of a tab of the instance). */
export const SessionRequestSchema = z.object({
  type: z.literal('session-request'),
  req: z.object({
    method: z.enum(['GET', 'DELETE', 'POST']),
    url: z.string().max(8192),
    body: z.string().max(MAX_BODY_CHARS).optional(),
    contentType: z.string().max(200).optional(),
  }),
});
export type SessionRequest = z.infer<typeof SessionRequestSchema>;

/* Bridge → background: the answer. */
export const HttpAnswerSchema = z.object({
  status: z.number().int().min(0).max(999),
  body: z.string().max(MAX_BODY_CHARS).nullable(),
  retryAfter: z.string().max(200).nullable(),
});

/** The bridge's answer when it will not send a request (not to its page's origin, or malformed): nothing was sent. */
export const DECLINED = { declined: true } as const;

/**
 * The bridge's side: performs a session request the background asked for, only to the page's own origin (so a
 * credentialed request never goes anywhere else). Every session request gets an explicit answer, because a missing
 * one is what a cut-off looks like (the polyfill turns "the message port closed" into undefined). undefined: the
 * message is not a session request at all.
 */
export function answerSessionRequest(message: unknown, pageOrigin: string): Promise<HttpAnswer | typeof DECLINED> | undefined {
  if ((message as { type?: unknown } | null)?.type !== 'session-request') return undefined;
  const parsed = SessionRequestSchema.safeParse(message);
  if (!parsed.success || !URL.canParse(parsed.data.req.url) || new URL(parsed.data.req.url).origin !== pageOrigin) {
    return Promise.resolve(DECLINED);
  }
  return sendRequest(parsed.data.req, MAX_BODY_CHARS, 'include');
}

import { z } from 'zod';

/**
 * Matrix identifiers, one definition each (spec appendix "Identifier grammar"): server names, mxc URIs, user ids.
 * Server name: a DNS name or IPv4, or an [IPv6] literal, and an optional port; "." and ".." parts are refused, since a
 * server name becomes a path segment of download and admin URLs. Media ids are [A-Za-z0-9_-] ("Matrix Content URIs";
 * ruma, in continuwuity, rejects anything else).
 */
const SERVER_NAME = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|(?!\.)(?!.*\.\.)[A-Za-z0-9.-]{1,255})(?::\d{1,5})?$/;
const MXC = /^mxc:\/\/([^/]{1,300})\/([A-Za-z0-9_-]{1,255})$/;
// Historical user ids allow any printable ASCII in the localpart except ':'.
const USER_ID = /^@[\x21-\x39\x3B-\x7E]+:(.+)$/;

export interface Mxc {
  server: string;
  mediaId: string;
}

export const isServerName = (text: unknown): text is string => typeof text === 'string' && SERVER_NAME.test(text);

/** The parts of a well-formed mxc URI, or null (then no request or command is ever built from it). */
export function parseMxc(uri: unknown): Mxc | null {
  if (typeof uri !== 'string') return null;
  const [, server, mediaId] = MXC.exec(uri) ?? [];
  return server && mediaId && isServerName(server) ? { server, mediaId } : null;
}

export const mxcSchema = z.string().refine((uri) => parseMxc(uri) !== null, 'mxc://server/mediaId');

/** The server name of a Matrix user id (`@local:server`), or null when it is not one. */
export function userServer(userId: unknown): string | null {
  if (typeof userId !== 'string' || userId.length > 255) return null;
  const server = USER_ID.exec(userId)?.[1];
  return server && isServerName(server) ? server : null;
}

export const isUserId = (value: unknown): value is string => userServer(value) !== null;

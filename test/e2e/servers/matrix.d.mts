// Types for tests that drive the fixture Matrix homeserver directly (fixture-servers.test.ts) and for the e2e harness.

export interface MatrixSupportContact {
  matrix_id?: string;
  email_address?: string;
  role: string;
}
export interface MatrixSupport {
  contacts?: MatrixSupportContact[];
  support_page?: string;
}
/** An object is served as JSON; 'broken' serves invalid JSON; null or 'missing' answers 404. */
export type MatrixSupportSetting = MatrixSupport | Record<string, unknown> | 'broken' | 'missing' | null;

/** What /_matrix/federation/v1/version names (`server`); null or 'missing' answers 404 M_UNRECOGNIZED. */
export type MatrixSoftwareSetting = { name?: unknown; version?: unknown } | Record<string, unknown> | 'missing' | null;

export interface MatrixEvent {
  event_id: string;
  room_id: string;
  sender: string;
  type: string;
  state_key?: string;
  redacts?: string;
  content: Record<string, unknown>;
  origin_server_ts: number;
  /** Set once redacted: the m.room.redaction event. */
  redacted_because?: MatrixEvent;
}

export interface MatrixMedia {
  state: 'created' | 'uploaded';
  data: Uint8Array | null;
  type: string;
  filename: string | null;
  /** The uploader's user ID. */
  uploader: string;
  /** Purged through matrix-media-repo's uploader delete, or the Synapse admin API. */
  deleted: boolean;
}

export interface MatrixStats {
  requests: number;
  preflights: number;
  bytes: number;
  uploads: Array<{ version: string; mediaId: string; filename: string | null; type: string; size: number }>;
  started: number;
  incomplete: number;
  events: Array<{ roomId: string; type: string; content: unknown; eventId: string; sender: string }>;
  profile: Array<{ userId: string; content: unknown }>;
  state: Array<{ roomId: string; type: string; stateKey: string; content: unknown; eventId: string }>;
  answers: Array<{ method: string; path: string; status: number; body: unknown }>;
  /** Every request, with the access token it carried (null when none). */
  log: Array<{ method: string; path: string; token: string | null }>;
  redactions: Array<{ roomId: string; eventId: string; txnId: string; redactionId: string; sender: string }>;
  mediaDeletes: Array<{ server: string; mediaId: string; status: number; user: string }>;
}

export interface MatrixFixture {
  /** Live: media uploads read their body this slowly (ms per chunk). */
  slowMs: number;
  /** Live: serve /_matrix/media as matrix-media-repo (version endpoint, uploader delete, legacy downloads). */
  mediaRepo: boolean;
  /** Live: what /.well-known/matrix/support serves. */
  support: MatrixSupportSetting;
  /** Live: what /_matrix/federation/v1/version answers as `server`. */
  software: MatrixSoftwareSetting;
  serverName: string;
  token: string;
  userId: string;
  /** The token of @admin:<serverName>, who may use the Synapse admin API. */
  adminToken: string;
  /** Every access token the server accepts: token -> user ID. */
  users: Record<string, string>;
  maxBytes: number;
  stats: MatrixStats;
  media: Map<string, MatrixMedia>;
  events: Map<string, MatrixEvent>;
  origin: string;
  port: number;
  close(): Promise<void>;
}

export function startMatrix(opts?: {
  serverName?: string;
  token?: string;
  userId?: string;
  /** More accounts: access token -> user ID. */
  users?: Record<string, string>;
  adminToken?: string;
  maxBytes?: number;
  staticDir?: string | null;
  mediaRepo?: boolean;
  support?: MatrixSupportSetting;
  /** Default {name: 'Synapse', version: '1.140.0'}. */
  software?: MatrixSoftwareSetting;
}): Promise<MatrixFixture>;

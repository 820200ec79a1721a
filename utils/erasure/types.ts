import type { PlatformId, UploadKind } from '../platforms/types';

/** Languages an erasure letter can be written in. */
export const LETTER_LANGUAGES = ['en', 'de', 'fr', 'es', 'nl', 'it'] as const;
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

/**
 * The server software an admin runs, which decides the commands in the appendix. 'matrix-unknown': a Matrix homeserver
 * whose software could not be told (the appendix then gives the commands for each known one, labelled).
 */
export type ServerSoftware = 'lemmy-0.18' | 'lemmy-0.19' | 'lemmy-1.0' | 'lemmy-unknown' | 'synapse' | 'matrix-media-repo' | 'continuwuity' | 'matrix-unknown';

/** One file the admin is asked to erase: what the letter lists and the appendix acts on. Built from a ledger record. */
export interface ErasureItem {
  /** The ledger record id. */
  id: string;
  platform: PlatformId;
  kind: UploadKind;
  instanceOrigin: string;
  /** The full public URL of the file (Matrix: the media download URL on the homeserver). */
  url: string;
  /** Lemmy: pict-rs alias (0.19) or filename (1.0). Matrix: the mxc URI. */
  key: string;
  /** Matrix only: the mxc URI (mxc://server/mediaId). */
  mxc?: string;
  fileName: string | null;
  mime: string | null;
  /** Upload time, ms since the epoch. */
  uploadedAt: number;
  /** The account that uploaded it, when known (Lemmy user name or Matrix user id). */
  account?: string;
  roomId?: string;
  eventId?: string;
  /** Matrix: the message that carried it was redacted (the file stays). */
  redactedAt?: number;
  /** Why Takeback could not delete it itself (ReasonCode of the record), for the letter's explanation. */
  reason?: string;
  encrypted?: boolean;
}

/** Where an instance's admins can be reached, and where that was found. */
export interface Contact {
  kind: 'email' | 'matrix' | 'lemmy-user' | 'web';
  /** An email address, a Matrix user id, a Lemmy profile URL, or a web page URL. */
  value: string;
  /** A display name or role (e.g. "admin", the user's display name), when known. */
  label?: string;
  /** Where it came from, shown to the user: e.g. "https://lemmy.example/api/v3/site (admins)". */
  source: string;
}

export interface ContactDiscovery {
  instanceOrigin: string;
  contacts: Contact[];
  /** Plain-language notes on what was tried and failed (missing, broken or hostile answers); never throws. */
  problems: string[];
}

/** Per instance, what the letter and appendix need to know about it. */
export interface InstanceTarget {
  instanceOrigin: string;
  software: ServerSoftware;
  /** Lemmy: the version string when known. */
  version?: string;
  /** Matrix: the homeserver's server name (the part of mxc URIs and user ids after the colon). */
  serverName?: string;
}

/** The person asking; every field optional, and the letter reads naturally without any of them. */
export interface Requester {
  name?: string;
  email?: string;
  /** Accounts per instance origin, e.g. { "https://lemmy.example": "alice" }. */
  accounts?: Record<string, string>;
}

/** A calendar date, YYYY-MM-DD, in the user's time zone (deadlines are counted in days, not milliseconds). */
export type IsoDate = string;

export type SentVia = 'email' | 'matrix' | 'web-form' | 'post' | 'other';

/** A supervisory authority (Art. 77) from the built-in list. */
export interface Authority {
  /** ISO 3166-1 alpha-2 country code (EU/EEA). */
  country: string;
  name: string;
  website: string;
}

/** What a letter is generated from; dates are printed in the letter's language. */
export interface LetterInput {
  language: LetterLanguage;
  requester: Requester;
  targets: InstanceTarget[];
  items: ErasureItem[];
  /** The day the letter is written. */
  writtenOn: IsoDate;
  /** Follow-up and complaint: when the first request was sent, and by which channel. */
  sentOn?: IsoDate;
  sentVia?: SentVia;
  /** Complaint: when the follow-up was sent, if one was. */
  followUpOn?: IsoDate;
  /** Complaint only: the chosen supervisory authority. */
  authority?: Authority;
  /** The recipient the letter is addressed to, when chosen (a name or address, printed as given). */
  recipient?: Contact;
}

export type LetterKind = 'erasure' | 'follow-up' | 'complaint';

/** What an admin step in the appendix is about; the letter module words each topic in every language. */
export type AdminTopic =
  /** Lemmy 1.0: admin DELETE /api/v4/image {filename}, which purges every alias of the file. */
  | 'lemmy-1.0-purge'
  /** Lemmy 0.18/0.19: pict-rs POST /internal/purge?alias= with X-Api-Token, run where pict-rs listens (its container). */
  | 'lemmy-pictrs-purge'
  /** Lemmy 0.19.4+: the admin UI lists every upload with its uploader. */
  | 'lemmy-admin-uploads'
  /** Synapse: DELETE /_synapse/admin/v1/media/{server}/{media_id}, per item. */
  | 'synapse-delete-media'
  /** Synapse: DELETE /_synapse/admin/v1/users/{user_id}/media, everything of one user (repeat until total is 0). */
  | 'synapse-delete-user-media'
  /** Synapse: deactivation with erase: true does not delete media; quarantine blocks downloads but keeps the file. */
  | 'synapse-caveats'
  /** matrix-media-repo: POST /_matrix/media/unstable/admin/purge/{server}/{id}. */
  | 'matrix-media-repo-purge'
  /** continuwuity: !admin media delete --mxc … in the admin room. */
  | 'continuwuity-delete'
  /** Copies cached by other (federated) servers: ask their admins, or purge remote media caches. */
  | 'remote-copies';

/** One step of the admin appendix: exact commands (language-neutral), worded per language by topic. */
export interface AdminStep {
  topic: AdminTopic;
  instanceOrigin: string;
  software: ServerSoftware;
  /** Copy-pasteable lines (curl commands, admin-room commands, or a URL to open). */
  commands: string[];
  /**
   * The ledger record ids the step is about, when not every item of the instance: synapse-delete-user-media, the items
   * of that account; remote-copies, the items whose file another server holds (its mxc names another server).
   */
  itemIds?: string[];
  /** Ids of items no command could be built for (a malformed alias or mxc URI); the letter lists them for the admin. */
  skipped?: string[];
}

/** A request the user drafted, sent and tracks; kept in the ledger's `requests` store. */
export interface ErasureRequest {
  id: string;
  createdAt: number;
  updatedAt: number;
  state: 'draft' | 'sent' | 'resolved';
  language: LetterLanguage;
  /** The ledger record ids it covers. */
  itemIds: string[];
  /**
   * Records of the instance another site reported (not confirmed by the user as a front end there): listed with who
   * reported them, not in the letter until the user picks them (utils/front-ends.ts).
   */
  heldBack?: string[];
  instanceOrigins: string[];
  requester: Requester;
  /** The recipient the user chose or typed. */
  recipient?: Contact;
  /** The letter as the user edited it (absent: the generated text is used). */
  letterText?: string;
  sentOn?: IsoDate;
  sentVia?: SentVia;
  /** Art. 12(3): one month after sentOn (utils/erasure/deadlines.ts); and the latest date if extended. */
  dueOn?: IsoDate;
  extendedDueOn?: IsoDate;
  /** When the due reminder was shown (so it is shown once), and when a follow-up was sent. */
  remindedAt?: number;
  followUpOn?: IsoDate;
  resolvedAt?: number;
}

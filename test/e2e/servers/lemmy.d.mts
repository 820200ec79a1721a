// Types for the unit tests that drive the fixture Lemmy server directly (lemmy-delete-fixture.test.ts).
export const LEMMY_VERSIONS: string[];
export interface LemmyFixture {
  version: string;
  jwt: string;
  maxBytes: number;
  origin: string;
  port: number;
  stats: { log: Array<{ method: string; path: string }>; deletes: Array<{ alias: string | null; status: number }> };
  files: Map<string, { data: Uint8Array; type: string; token: string | null; owner: string | null; row: boolean }>;
  close(): Promise<void>;
}
export function startLemmy(opts: {
  version: string;
  jwt?: string;
  maxBytes?: number;
  staticDir?: string | null;
  prefix?: string;
  apiKey?: boolean;
}): Promise<LemmyFixture>;

import { afterAll } from 'vitest';
import { startLemmy, type LemmyFixture } from '../e2e/servers/lemmy.mjs';
import { startMatrix, type MatrixFixture } from '../e2e/servers/matrix.mjs';

/** Fixture servers for one test file, all closed after its last test. Call at the file's top level. */
export function fixtureServers() {
  const open: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return {
    async lemmy(opts: Parameters<typeof startLemmy>[0]): Promise<LemmyFixture> {
      const s = await startLemmy(opts);
      open.push(s);
      return s;
    },
    async matrix(opts: Parameters<typeof startMatrix>[0] = {}): Promise<MatrixFixture> {
      const s = await startMatrix(opts);
      open.push(s);
      return s;
    },
  };
}

import type { AdminStep, AdminTopic, ErasureItem, InstanceTarget } from '../erasure/types';
import { commandOrigin, curl, stepsOf, isCommandSafe, strictEncode, unique } from '../erasure/commands';
import { lemmyAtLeast } from './lemmy-version';

/** Lemmy 1.0: the admin endpoint purges through pict-rs, which removes every alias of the file (lemmy-protocol.md §1). */
export function lemmyPurgeCommand(origin: string, alias: string): string {
  const headers = ['Authorization: Bearer $LEMMY_ADMIN_JWT', 'Content-Type: application/json'];
  return curl('DELETE', headers, `${origin}/api/v4/image`, JSON.stringify({ filename: alias }));
}

/**
 * pict-rs POST /internal/purge?alias= (every alias and variant of the file), run inside the pict-rs container: its port
 * is not published, and the API key is in its environment. The official image is Alpine without curl, so this uses
 * busybox wget (`--post-data=` makes it a POST with an empty body). The key variable is PICTRS__SERVER__API_KEY since
 * pict-rs 0.4, PICTRS__API_KEY before; the service is `pictrs` in Lemmy's and lemmy-ansible's compose files, and pict-rs
 * listens on 8080 unless PICTRS__SERVER__ADDRESS says otherwise. The alias is strictly percent-encoded, so it needs no
 * quoting inside either quote level.
 */
export function pictrsPurgeCommand(alias: string): string {
  const url = `http://127.0.0.1:8080/internal/purge?alias=${strictEncode(alias)}`;
  const key = '${PICTRS__SERVER__API_KEY:-$PICTRS__API_KEY}';
  return `docker compose exec pictrs sh -c 'wget -q -O- --post-data= --header="X-Api-Token: ${key}" "${url}"'`;
}

/** The admin appendix for one Lemmy instance and its items (items of other instances or platforms are ignored). */
export function lemmyAdminSteps(target: InstanceTarget, items: ErasureItem[]): AdminStep[] {
  const origin = commandOrigin(target.instanceOrigin);
  const mine = items.filter((item) => item.platform === 'lemmy' && item.instanceOrigin === target.instanceOrigin);
  if (!mine.length) return [];
  const step = stepsOf(target);
  /** One command per item; null: none can be built (no valid origin), so every item is listed as skipped. */
  const perItem = (topic: AdminTopic, command: ((alias: string) => string) | null): AdminStep => {
    const usable = command ? mine.filter((item) => isCommandSafe(item.key)) : [];
    const skipped = command ? mine.filter((item) => !isCommandSafe(item.key)).map((item) => item.id) : mine.map((item) => item.id);
    const commands = command ? unique(usable.map((item) => command(item.key))) : [];
    return step(topic, commands, skipped.length ? { skipped } : {});
  };

  const pictrs = perItem('lemmy-pictrs-purge', pictrsPurgeCommand);
  const v1 = perItem('lemmy-1.0-purge', origin ? (alias) => lemmyPurgeCommand(origin, alias) : null);
  const steps: AdminStep[] = [];
  if (target.software === 'lemmy-1.0') steps.push(v1);
  else if (target.software === 'lemmy-unknown') steps.push(pictrs, v1);
  else {
    steps.push(pictrs);
    // lemmy-ui 0.19.4 added the admin settings' list of every upload with its uploader (lemmy-protocol.md Q5).
    if (origin && target.software === 'lemmy-0.19' && lemmyAtLeast(target.version, [0, 19, 4])) steps.push(step('lemmy-admin-uploads', [`${origin}/admin`]));
  }
  return [...steps, step('remote-copies', [])];
}

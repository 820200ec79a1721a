// A stand-in for '@/utils/i18n' in component tests: vi.mock('@/utils/i18n', () => import('./i18n-fake')).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
// Paths, not URL objects: under happy-dom the global URL is not Node's.
const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/_locales/en/messages.json');
const messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;

/** Like browser.i18n.getMessage, but a missing key or a missing substitution fails the test. */
export function t(key: string, substitutions: Array<string | number> = []): string {
  const entry = messages[key];
  if (!entry) throw new Error(`missing message key: ${key}`);
  const subs = substitutions.map(String);
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content;
    if (content === undefined) throw new Error(`${key}: no placeholder ${name}`);
    return content;
  });
  return named.replace(/\$(\d)/g, (_, n: string) => {
    const value = subs[Number(n) - 1];
    if (value === undefined) throw new Error(`${key}: substitution $${n} missing`);
    return value;
  });
}

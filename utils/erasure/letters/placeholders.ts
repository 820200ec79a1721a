/**
 * Template leftovers a finished letter must not contain. Shell variables (`$TOKEN`, `${TOKEN}`), JSON bodies,
 * `<https://…>` links, e-mail addresses and file names such as `null.png` are not flagged.
 */
const PATTERNS: RegExp[] = [
  /(?<!\$)\{\{?\s*[A-Za-z_][\w.-]*\s*\}\}?/g,
  /\[[A-Z][A-Z0-9_ -]*[A-Z0-9]\]/g,
  /<[A-Za-z_][\w -]*>/g,
  /\b(?:TODO|FIXME|TBD|XXX+)\b/g,
  /(?<![\w./@:$!#-])(?:undefined|null|NaN)(?![\w/@:-]|\.\w)/g,
  /Invalid Date|\[object Object\]/g,
];

/** The placeholder-looking strings in `text`, in order of appearance (empty when the letter is clean). */
export function findPlaceholders(text: string): string[] {
  const found: { at: number; text: string }[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) found.push({ at: match.index, text: match[0] });
  }
  return found.sort((a, b) => a.at - b.at).map((m) => m.text);
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { authoritiesFor } from '@/utils/erasure/authorities';
import { findPlaceholders, letterSubject, mdText, oneLine, writeLetter } from '@/utils/erasure/letters';
import { LETTER_LANGUAGES, type AdminStep, type ErasureItem, type LetterInput, type LetterKind, type LetterLanguage } from '@/utils/erasure/types';
import { LEMMY, MATRIX, SCENARIOS, erasureInput, requester, type Scenario, type ScenarioName } from './erasure-letter-fixtures';

// Regenerate with: UPDATE_GOLDEN=1 npx vitest run test/unit/erasure-letters.test.ts
const GOLDEN = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/erasure/golden');
const UPDATE = !!process.env.UPDATE_GOLDEN;

function matchGolden(name: string, text: string): void {
  const file = resolve(GOLDEN, `${name}.txt`);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`Missing golden ${file}; run with UPDATE_GOLDEN=1`);
  expect(text, `golden ${name}`).toBe(readFileSync(file, 'utf8'));
}

/** What a reviewer reads: the subject line, then the body. */
const withSubject = (kind: LetterKind, input: LetterInput, appendix: AdminStep[]) =>
  `Subject: ${letterSubject(kind, input)}\n\n${writeLetter(kind, input, appendix)}`;

const DUE: Record<LetterLanguage, string> = {
  en: '28 February 2027',
  de: '28. Februar 2027',
  fr: '28 février 2027',
  es: '28 de febrero de 2027',
  nl: '28 februari 2027',
  it: '28 febbraio 2027',
};
const REPLY_BY: Record<LetterLanguage, string> = {
  en: '15 March 2027',
  de: '15. März 2027',
  fr: '15 mars 2027',
  es: '15 de marzo de 2027',
  nl: '15 maart 2027',
  it: '15 marzo 2027',
};
const SENT: Record<LetterLanguage, string> = {
  en: '31 January 2027',
  de: '31. Januar 2027',
  fr: '31 janvier 2027',
  es: '31 de enero de 2027',
  nl: '31 januari 2027',
  it: '31 gennaio 2027',
};
const COUNTRY: Record<LetterLanguage, string> = { en: 'IE', de: 'AT', fr: 'FR', es: 'ES', nl: 'NL', it: 'IT' };

function followUpInput(language: LetterLanguage): LetterInput {
  return { ...erasureInput(language, SCENARIOS['lemmy-0.19']), writtenOn: '2027-03-01', sentOn: '2027-01-31', sentVia: 'email' };
}

function complaintInput(language: LetterLanguage): LetterInput {
  return {
    ...erasureInput(language, SCENARIOS['lemmy-0.19']),
    writtenOn: '2027-03-20',
    sentOn: '2027-01-31',
    sentVia: 'email',
    followUpOn: '2027-03-01',
    authority: authoritiesFor(COUNTRY[language])[0]!,
  };
}

function expectEveryItem(letter: string, items: ErasureItem[]): void {
  for (const item of items) {
    expect(letter, item.id).toContain(item.url);
    expect(letter, item.id).toContain(item.key);
    if (item.mxc) expect(letter, item.id).toContain(item.mxc);
  }
}

const scenarioNames = Object.keys(SCENARIOS) as ScenarioName[];

describe.each(LETTER_LANGUAGES)('%s letters', (language) => {
  it.each(scenarioNames)('erasure letter, %s, matches its golden file', (name) => {
    const scenario: Scenario = SCENARIOS[name];
    const input = erasureInput(language, scenario);
    const letter = writeLetter('erasure', input, scenario.appendix);
    matchGolden(`${language}-${name}`, withSubject('erasure', input, scenario.appendix));

    expectEveryItem(letter, scenario.items);
    expect(letter).toContain(DUE[language]);
    expect(findPlaceholders(withSubject('erasure', input, scenario.appendix))).toEqual([]);
    for (const step of scenario.appendix) for (const command of step.commands) expect(letter).toContain(`\n${command}\n`);
    const numbered = letter.split('\n').filter((line) => /^\d+\. https:/.test(line));
    const origins = [...new Set(scenario.items.map((i) => i.instanceOrigin))];
    const grouped = origins.flatMap((o) => scenario.items.filter((i) => i.instanceOrigin === o));
    expect(numbered).toEqual(grouped.map((item, i) => `${i + 1}. ${item.url}`));
  });

  it('follow-up letter matches its golden file', () => {
    const input = followUpInput(language);
    const scenario = SCENARIOS['lemmy-0.19'];
    const text = withSubject('follow-up', input, scenario.appendix);
    matchGolden(`${language}-follow-up`, text);
    expectEveryItem(text, scenario.items);
    expect(text).toContain(DUE[language]);
    expect(text).toContain(REPLY_BY[language]);
    expect(findPlaceholders(text)).toEqual([]);
  });

  it('complaint matches its golden file', () => {
    const input = complaintInput(language);
    const text = withSubject('complaint', input, SCENARIOS['lemmy-0.19'].appendix);
    matchGolden(`${language}-complaint`, text);
    expectEveryItem(text, SCENARIOS['lemmy-0.19'].items);
    expect(text).toContain(input.authority!.name);
    expect(text).toContain(input.authority!.website);
    expect(text).toContain(DUE[language]);
    expect(text).toContain('admin@lemmy.example');
    expect(text).not.toContain('curl ');
    expect(findPlaceholders(text)).toEqual([]);
  });

  it('reads naturally without name, e-mail, accounts or recipient', () => {
    const bare: LetterInput = { ...erasureInput(language, SCENARIOS.synapse), requester: {} };
    delete bare.recipient;
    const items = bare.items.map(({ account: _account, ...item }) => item);
    for (const kind of ['erasure', 'follow-up', 'complaint'] as const) {
      const input = { ...bare, items, sentOn: '2027-01-31', authority: authoritiesFor('DE')[1]! };
      const letter = writeLetter(kind, input, SCENARIOS.synapse.appendix);
      expect(findPlaceholders(letter), kind).toEqual([]);
      expect(letter).not.toContain('Alex');
      expect(letter).not.toContain('@alex');
      expect(letter).not.toMatch(/[ \t]$/m);
      expect(letter).not.toMatch(/^ *- [^:\n]+:$/m);
      expectEveryItem(letter, items);
    }
  });
});

describe('page-reported text cannot become Markdown (issue 11 §5)', () => {
  it('a name that would be a link, an image, HTML or a bare address goes into a code span; plain names stay', () => {
    expect(mdText('[click](https://evil.example/phish).png')).toBe('`[click](https://evil.example/phish).png`');
    expect(mdText('![x](https://evil.example/t.gif)')).toBe('`![x](https://evil.example/t.gif)`');
    expect(mdText('<img src=x onerror=alert(1)>.png')).toBe('`<img src=x onerror=alert(1)>.png`');
    expect(mdText('visit www.evil.example now.png')).toBe('`visit www.evil.example now.png`');
    expect(mdText('a `tick` name')).toBe('``a `tick` name``');
    expect(mdText('`edge`')).toBe('`` `edge` ``');
    for (const plain of ['passport-scan.png', 'IMG_2041 "Küche".jpg', 'Größe, „Zitat“ & Co.png', '!room:matrix.example']) expect(mdText(plain)).toBe(plain);
  });

  it('in a whole letter, the file name is no link', () => {
    const input = erasureInput('en', SCENARIOS.mixed);
    const items = input.items.map((i, n) => (n === 0 ? { ...i, fileName: '[click me](https://evil.example/phish).png' } : i));
    const letter = writeLetter('erasure', { ...input, items }, []);
    expect(letter).toContain('`[click me](https://evil.example/phish).png`');
    expect(letter.replace(/`[^`]*`/g, '')).not.toMatch(/\[click me\]\(/);
  });
});

describe('layout', () => {
  const scenario = SCENARIOS['lemmy-0.19'];
  const letter = writeLetter('erasure', erasureInput('en', scenario), scenario.appendix);

  it('keeps a file name with line breaks on one line', () => {
    expect(letter).toContain('   - Original file name: line one line two ## not a heading.jpg\n');
    expect(letter).not.toMatch(/^line two/m);
    expect(letter).not.toMatch(/^## not a heading/m);
    expect(letter).toContain('   - Original file name: Strand "Sommer" 2026 – Ærø.png\n');
  });

  it('drops bidirectional overrides from names', () => {
    const text = writeLetter('erasure', erasureInput('en', SCENARIOS['lemmy-1.0']), []);
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('Original file name: lgpj.exe');
  });

  it('gives every item line a known shape', () => {
    const list = letter.slice(letter.indexOf('## Files to erase'), letter.indexOf('Kind regards,'));
    for (const line of list.split('\n')) {
      expect(line).toMatch(/^(|## .+|### .+|My account: .+|Why I could not .+|- .+|\d+\. https:\/\/\S+| +- [^\n]+)$/);
    }
  });

  it('shows the time in UTC, the reasons once per instance, and the account once', () => {
    expect(letter).toContain('Uploaded: 2027-01-20 23:59 UTC');
    expect(letter).toContain('Uploaded: 2026-12-31 23:30 UTC');
    expect(letter.match(/^My account: alex$/gm)).toHaveLength(1);
    expect(letter).toContain('- The server has no record linking the upload to my account');
  });

  it('shows an item by another account with that account', () => {
    const mixed = writeLetter('erasure', erasureInput('en', SCENARIOS.mixed), SCENARIOS.mixed.appendix);
    expect(mixed).toContain('   - Account: @alex-old:matrix.example');
    expect(mixed).toContain('### lemmy.example');
    expect(mixed).toContain('### matrix.example');
    expect(mixed).toContain('### matrix.example (Synapse)');
    expect(mixed.match(/^### lemmy\.example/gm)).toHaveLength(2);
  });

  it('fences commands so that backticks inside cannot close the block', () => {
    const steps: AdminStep[] = [{ topic: 'continuwuity-delete', instanceOrigin: MATRIX, software: 'continuwuity', commands: ['!admin media delete --mxc mxc://matrix.example/```x', 'echo \u202Eevil'] }];
    const text = writeLetter('erasure', erasureInput('en', SCENARIOS.synapse), steps);
    expect(text).toContain('````\n!admin media delete --mxc mxc://matrix.example/```x\necho evil\n````');
  });

  it('leaves out unknown reason codes and empty optional fields', () => {
    const item: ErasureItem = { ...SCENARIOS.synapse.items[2]!, reason: 'rate-limited', uploadedAt: Number.NaN, mime: null };
    const text = writeLetter('erasure', { ...erasureInput('en', SCENARIOS.synapse), items: [item] }, []);
    expect(text).not.toContain('rate-limited');
    expect(text).not.toContain('Uploaded:');
    expect(text).not.toContain('Type:');
    expect(findPlaceholders(text)).toEqual([]);
  });
});

describe('wording', () => {
  it('uses the singular for one file', () => {
    const input = { ...erasureInput('en', SCENARIOS.synapse), items: [SCENARIOS.synapse.items[0]!] };
    const text = writeLetter('erasure', input, []);
    expect(text).toContain('I uploaded the file listed below to matrix.example. It contains my personal data.');
    expect(text).not.toContain('the files');
    expect(text).not.toContain('At the end of this letter');
  });

  it('lists several instances in the language', () => {
    expect(writeLetter('erasure', erasureInput('en', SCENARIOS.mixed), [])).toContain('to lemmy.example and matrix.example.');
    expect(writeLetter('erasure', erasureInput('de', SCENARIOS.mixed), [])).toContain('auf lemmy.example und matrix.example hochgeladen');
  });

  it('writes first-of-month and elided dates correctly', () => {
    const march = (language: LetterLanguage) => writeLetter('erasure', { ...erasureInput(language, SCENARIOS.synapse), writtenOn: '2027-02-01' }, []);
    expect(march('fr')).toContain('au plus tard le 1er mars 2027');
    expect(march('it')).toContain('entro il 1º marzo 2027');
    expect(march('de')).toContain('bis zum 1. März 2027');
    const eighth = { ...followUpInput('it'), sentOn: '2027-01-08', writtenOn: '2027-02-11' };
    const text = writeLetter('follow-up', eighth, []);
    expect(text).toContain("L'8 gennaio 2027 vi ho chiesto via e-mail");
    expect(text).toContain("è scaduto l'8 febbraio 2027");
    expect(text).toContain("entro il 25 febbraio 2027");
    expect(letterSubject('follow-up', eighth)).toContain("richiesta di cancellazione dell'8 gennaio 2027");
  });

  it('counts the deadline from the day the letter is written, across a leap day', () => {
    const text = writeLetter('erasure', { ...erasureInput('en', SCENARIOS.synapse), writtenOn: '2028-01-31' }, []);
    expect(text).toContain('that is, by 29 February 2028.');
    expect(text).toMatch(/^Date: 31 January 2028$/m);
  });

  it('names the channel the request went by, and leaves it out for "other"', () => {
    expect(writeLetter('follow-up', followUpInput('en'), [])).toContain('On 31 January 2027 I asked you by email to erase');
    expect(writeLetter('follow-up', { ...followUpInput('en'), sentVia: 'other' }, [])).toContain('On 31 January 2027 I asked you to erase');
    expect(writeLetter('follow-up', { ...followUpInput('de'), sentVia: 'web-form' }, [])).toContain(
      'habe ich Sie über das Kontaktformular der Website aufgefordert',
    );
  });

  it('mentions the reminder in a complaint only when one was sent', () => {
    const input = complaintInput('en');
    expect(writeLetter('complaint', input, [])).toContain('1 March 2027: I sent a reminder');
    const without = { ...input };
    delete without.followUpOn;
    const text = writeLetter('complaint', without, []);
    expect(text).not.toContain('reminder');
    expect(text).not.toContain('the exact commands');
  });

  it('gives every language a subject without placeholders', () => {
    for (const language of LETTER_LANGUAGES) {
      expect(findPlaceholders(letterSubject('erasure', erasureInput(language, SCENARIOS.synapse)))).toEqual([]);
      expect(letterSubject('follow-up', followUpInput(language))).toContain(SENT[language]);
      expect(letterSubject('complaint', complaintInput(language))).toContain('lemmy.example');
    }
  });
});

describe('input checks', () => {
  const input = erasureInput('en', SCENARIOS.synapse);
  it('refuses what would leave a gap', () => {
    expect(() => writeLetter('erasure', { ...input, items: [] }, [])).toThrow(/at least one item/);
    expect(() => writeLetter('follow-up', input, [])).toThrow(/sentOn/);
    expect(() => writeLetter('complaint', { ...input, sentOn: '2027-01-31' }, [])).toThrow(/authority/);
    expect(() => writeLetter('erasure', { ...input, writtenOn: '31.01.2027' }, [])).toThrow(/Not a calendar date/);
    expect(() => writeLetter('follow-up', { ...input, sentOn: '2027-02-30' }, [])).toThrow(/Not a calendar date/);
  });
});

describe('findPlaceholders', () => {
  it.each([
    ['Dear {name},', ['{name}']],
    ['Dear {{ name }},', ['{{ name }}']],
    ['Signed: [NAME]', ['[NAME]']],
    ['Signed: [YOUR NAME]', ['[YOUR NAME]']],
    ['Account: <account>', ['<account>']],
    ['TODO: fill in', ['TODO']],
    ['Reference XXX', ['XXX']],
    ['Uploaded: undefined', ['undefined']],
    ['Account: null.', ['null']],
    ['Files: NaN', ['NaN']],
    ['Date: Invalid Date', ['Invalid Date']],
    ['Name: [object Object]', ['[object Object]']],
    ['{a} then <b>', ['{a}', '<b>']],
  ])('flags %j', (text, found) => {
    expect(findPlaceholders(text)).toEqual(found);
  });

  it.each([
    'curl -H "Authorization: Bearer $ADMIN_TOKEN" "https://x.example/a"',
    'curl -H "X-Api-Token: ${PICTRS__SERVER__API_KEY}"',
    `-d '{"filename":"abc.png"}'`,
    'see <https://lemmy.example/admin> or Alex <alex@example.org>',
    'Original file name: null.png',
    'https://x.example/null and mxc://matrix.example/NaN',
    'Event: $ev1, room !room:matrix.example, [1] footnote, [Link](https://x)',
    'Nullpunkt, annullare, undefinedness, TODOS',
  ])('does not flag %j', (text) => {
    expect(findPlaceholders(text)).toEqual([]);
  });
});

describe('oneLine', () => {
  it('collapses breaks and controls and trims', () => {
    expect(oneLine(' a\r\nb\u2028c\u0007d\te ')).toBe('a b c d e');
    expect(oneLine('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('10,000 items', () => {
  it('renders every URL, in order, once', () => {
    const base = SCENARIOS['lemmy-0.19'].items[0]!;
    const items: ErasureItem[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...base,
      id: `r${i}`,
      key: `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000.png`,
      url: `${LEMMY}/pictrs/image/${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000.png`,
      uploadedAt: base.uploadedAt + i * 60_000,
    }));
    const appendix: AdminStep[] = [
      { topic: 'lemmy-pictrs-purge', instanceOrigin: LEMMY, software: 'lemmy-0.19', commands: items.map((i) => `curl -s -X POST "http://127.0.0.1:8080/internal/purge?alias=${i.key}"`) },
    ];
    const letter = writeLetter('erasure', { ...erasureInput('de', SCENARIOS['lemmy-0.19']), items, requester }, appendix);
    const urls = letter.split('\n').flatMap((line) => /^\d+\. (\S+)$/.exec(line)?.[1] ?? []);
    expect(urls).toEqual(items.map((i) => i.url));
    expect(letter.match(/^curl /gm)).toHaveLength(10_000);
    expect(letter).toContain(`10000. ${items[9999]!.url}`);
  });
});

describe('mixed origins', () => {
  it('groups items by instance in order of first appearance', () => {
    const letter = writeLetter('erasure', erasureInput('en', SCENARIOS.mixed), []);
    const headings = letter.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toEqual(['### lemmy.example', '### matrix.example']);
    expect(letter.indexOf(SCENARIOS.mixed.items[2]!.url)).toBeLessThan(letter.indexOf(SCENARIOS.mixed.items[1]!.url));
    expect(letter).toContain(`My account: ${requester.accounts![MATRIX]}`);
  });
});

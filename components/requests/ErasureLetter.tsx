import { useEffect, useRef, useState } from 'preact/hooks';
import { toCsv, toExportJson } from '@/utils/erasure/export';
import type { Contact, ErasureItem, ErasureRequest, InstanceTarget, LetterLanguage } from '@/utils/erasure/types';
import { t } from '@/utils/i18n';
import type { Outcome } from './hooks';
import { InlineConfirm } from './InlineConfirm';
import { LetterActions } from './LetterActions';
import { OutcomeLine } from './OutcomeLine';
import { errorText, io, LANGUAGE_NAME } from './request-text';

export interface ErasureLetterProps {
  subject: string;
  text: string;
  /** Why no letter could be written, when none could. */
  failure: string | null;
  /** The text is the user's edit (not the generated one). */
  edited: boolean;
  /** The user's edit was written while another language was chosen. */
  editedIn: LetterLanguage | undefined;
  language: LetterLanguage;
  placeholders: string[];
  recipient: Contact | undefined;
  fileBase: string;
  /** For the exports: the request as it stands now, its instances and files. */
  request: ErasureRequest;
  targets: InstanceTarget[];
  items: ErasureItem[];
  onInput(text: string): void;
  onRegenerate(): void;
}

/** Above this size the browser's spell checker would crawl through the letter (10,000 files make megabytes). */
const SPELLCHECK_MAX = 100_000;

/** The letter: its subject, the editable text, a warning for template leftovers, and the ways to send it. */
export function ErasureLetter(p: ErasureLetterProps) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    // Back to the button when the question closes without replacing (or to the letter, once it is regenerated).
    if (!asking && asked.current) (trigger.current ?? box.current)?.focus();
    asked.current = asking;
  }, [asking]);

  const warningId = 'letter-placeholders';
  return (
    <section class="letter" aria-labelledby="letter-title" data-letter-kind="erasure">
      <h3 id="letter-title">{t('letterHeading')}</h3>
      {p.failure && (
        <p class="problem" role="alert">
          {t('letterFailed', [p.failure])}
        </p>
      )}
      <div class="field">
        <label for="letter-subject">{t('letterSubject')}</label>
        <input id="letter-subject" name="subject" type="text" readOnly lang={p.language} value={p.subject} />
      </div>
      <div class="field">
        <label for="letter-text">{t('letterLabel')}</label>
        <textarea
          ref={box}
          id="letter-text"
          name="letter"
          class="letter-text"
          lang={p.language}
          rows={24}
          value={p.text}
          spellcheck={p.text.length < SPELLCHECK_MAX}
          aria-describedby={p.placeholders.length ? warningId : undefined}
          aria-invalid={p.placeholders.length ? 'true' : undefined}
          onInput={(e) => p.onInput(e.currentTarget.value)}
        />
      </div>
      {p.placeholders.length > 0 && (
        <p id={warningId} class="problem" role="alert" data-field="placeholders">
          {t('letterPlaceholders', [p.placeholders.map((x) => `“${x}”`).join(', ')])}
        </p>
      )}
      {p.edited && (
        <p class="hint" data-field="edited">
          {p.editedIn && p.editedIn !== p.language ? t('letterOtherLanguage', [t(LANGUAGE_NAME[p.language])]) : t('letterEditedNote')}
        </p>
      )}
      {asking ? (
        <InlineConfirm
          name="regenerate"
          question={t('letterRegenerateAsk')}
          yes={t('letterRegenerateYes')}
          no={t('letterRegenerateNo')}
          onYes={() => {
            setAsking(false);
            p.onRegenerate();
          }}
          onNo={() => setAsking(false)}
        />
      ) : (
        p.edited && (
          <div class="actions">
            <button ref={trigger} type="button" name="regenerate" class="link-button" onClick={() => setAsking(true)}>
              {t('letterRegenerate')}
            </button>
          </div>
        )
      )}
      <LetterActions kind="erasure" subject={p.subject} text={p.text} recipient={p.recipient} fileBase={p.fileBase} textarea={box} blocked={p.placeholders.length > 0} />
      <ExportActions {...p} />
    </section>
  );
}

/** The machine-readable file list (JSON per its published schema, CSV for spreadsheets), for admins with many files. */
function ExportActions({ request, targets, items, fileBase }: Pick<ErasureLetterProps, 'request' | 'targets' | 'items' | 'fileBase'>) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const save = (ext: 'json' | 'csv') => {
    const name = `${fileBase}.${ext}`;
    try {
      const body = ext === 'json' ? toExportJson({ request, targets, items, generatedAt: Date.now() }) : toCsv(items, targets);
      io.download(name, new Blob([body], { type: ext === 'json' ? 'application/json' : 'text/csv;charset=utf-8' }));
      setOutcome({ kind: 'done', text: t('sendDownloaded', [name]) });
    } catch (e) {
      setOutcome({ kind: 'failed', text: t('sendExportFailed', [errorText(e)]) });
    }
  };
  return (
    <div class="export-actions">
      <div class="actions" role="group" aria-label={t('sendActionsLabel')}>
        <button type="button" name="export-json" class="secondary-button" disabled={!items.length} onClick={() => save('json')}>
          {t('sendExportJson')}
        </button>
        <button type="button" name="export-csv" class="secondary-button" disabled={!items.length} onClick={() => save('csv')}>
          {t('sendExportCsv')}
        </button>
      </div>
      <OutcomeLine outcome={outcome} name="export" />
    </div>
  );
}

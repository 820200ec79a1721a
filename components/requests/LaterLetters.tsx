import type { ComponentChildren } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { AUTHORITIES, EDPB_MEMBERS_URL } from '@/utils/erasure/authorities';
import { composeLetter, letterInput, type Letter } from '@/utils/erasure/pack';
import type { Authority, ErasureItem, ErasureRequest, InstanceTarget, IsoDate } from '@/utils/erasure/types';
import { t, type MessageKey } from '@/utils/i18n';
import { useAction, usePlaceholders } from './hooks';
import { LetterActions } from './LetterActions';
import { OutcomeLine } from './OutcomeLine';
import { errorText, fileBase, send, uiLocale } from './request-text';

export interface LaterLettersProps {
  /** The request with the editor's current choices (language, details, recipient). */
  request: ErasureRequest;
  targets: InstanceTarget[];
  items: ErasureItem[];
  today: IsoDate;
  onRequest(r: ErasureRequest): void;
}

/** After the request was sent: the follow-up letter and the complaint to a supervisory authority. */
export function LaterLetters({ request, targets, items, today, onRequest }: LaterLettersProps) {
  const action = useAction();
  const [authority, setAuthority] = useState('');
  const chosen: Authority | undefined = authority === '' ? undefined : AUTHORITIES[Number(authority)];
  const regions = useMemo(() => {
    try {
      return new Intl.DisplayNames(uiLocale() ? [uiLocale()!] : undefined, { type: 'region' });
    } catch {
      return null;
    }
  }, []);
  const country = (code: string) => regions?.of(code) ?? code;

  const write = (kind: 'follow-up' | 'complaint'): Letter => {
    const extra = kind === 'complaint' && chosen ? { authority: chosen } : {};
    return composeLetter(kind, letterInput(request, targets, items, today, extra));
  };

  const markFollowUp = async () => {
    const updated = await action.run(() => send<ErasureRequest>({ type: 'erasure-follow-up', id: request.id, on: today }), t('requestWorking'), t('requestDone'));
    if (updated) onRequest(updated);
  };

  return (
    <>
      <DraftLetter
        kind="follow-up"
        heading="followUpHeading"
        label="followUpLabel"
        write={() => write('follow-up')}
        request={request}
        today={today}
        generate={t('followUpWrite')}
        after={
          <>
            <div class="actions">
              <button type="button" name="mark-follow-up-sent" class="secondary-button" disabled={action.busy} onClick={() => void markFollowUp()}>
                {t('followUpMarkSent')}
              </button>
            </div>
            <OutcomeLine outcome={action.outcome} name="follow-up" />
          </>
        }
      >
        <p class="hint">{t('followUpHint')}</p>
      </DraftLetter>

      <DraftLetter kind="complaint" heading="complaintHeading" label="complaintLabel" write={() => write('complaint')} request={request} today={today} generate={t('complaintWrite')} ready={!!chosen}>
        <p class="hint">{t('complaintHint')}</p>
        <div class="field">
          <label for="authority">{t('complaintAuthority')}</label>
          <select id="authority" name="authority" value={authority} onChange={(e) => setAuthority(e.currentTarget.value)}>
            <option value="">{t('complaintChoose')}</option>
            {AUTHORITIES.map((a, i) => (
              <option key={i} value={String(i)}>
                {country(a.country)}: {a.name}
              </option>
            ))}
          </select>
        </div>
        <p class="links">
          {chosen && (
            <a href={chosen.website} target="_blank" rel="noopener noreferrer" data-field="authority-website">
              {t('complaintWebsite', [chosen.name])}
            </a>
          )}
          <a href={EDPB_MEMBERS_URL} target="_blank" rel="noopener noreferrer">
            {t('complaintOthers')}
          </a>
        </p>
      </DraftLetter>
    </>
  );
}

interface DraftLetterProps {
  kind: 'follow-up' | 'complaint';
  heading: MessageKey;
  label: MessageKey;
  generate: string;
  write(): Letter;
  request: ErasureRequest;
  today: IsoDate;
  /** The letter can be written (the complaint needs its authority). */
  ready?: boolean;
  /** Before the button that writes the letter. */
  children: ComponentChildren;
  /** After the letter and its send actions. */
  after?: ComponentChildren;
}

/** A letter written on demand into its own editable text box, with the usual ways to send it. */
function DraftLetter({ kind, heading, label, generate, write, request, today, ready = true, children, after }: DraftLetterProps) {
  const [letter, setLetter] = useState<Letter | null>(null);
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const placeholders = usePlaceholders(text, letter?.text ?? '');
  const titleId = `${kind}-title`;

  const make = () => {
    try {
      const next = write();
      setLetter(next);
      setText(next.text);
      setFailure(null);
      // To the new letter, at its beginning (it is long; the end is the admin appendix).
      requestAnimationFrame(() => {
        const el = box.current;
        if (!el) return;
        el.focus();
        el.setSelectionRange(0, 0);
        el.scrollTop = 0;
      });
    } catch (e) {
      setFailure(errorText(e));
    }
  };

  return (
    <section class="letter" aria-labelledby={titleId} data-letter-kind={kind}>
      <h3 id={titleId}>{t(heading)}</h3>
      {children}
      <div class="actions">
        <button type="button" name={kind} class="secondary-button" disabled={!ready} onClick={make}>
          {generate}
        </button>
      </div>
      {failure && (
        <p class="problem" role="alert">
          {t('letterFailed', [failure])}
        </p>
      )}
      {letter && (
        <>
          <div class="field">
            <label for={`${kind}-subject`}>{t('letterSubject')}</label>
            <input id={`${kind}-subject`} name={`${kind}-subject`} type="text" readOnly lang={request.language} value={letter.subject} />
          </div>
          <div class="field">
            <label for={`${kind}-letter`}>{t(label)}</label>
            <textarea
              ref={box}
              id={`${kind}-letter`}
              name={`${kind}-letter`}
              class="letter-text"
              lang={request.language}
              rows={18}
              value={text}
              aria-invalid={placeholders.length ? 'true' : undefined}
              aria-describedby={placeholders.length ? `${kind}-placeholders` : undefined}
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </div>
          {placeholders.length > 0 && (
            <p id={`${kind}-placeholders`} class="problem" role="alert" data-field="placeholders">
              {t('letterPlaceholders', [placeholders.map((x) => `“${x}”`).join(', ')])}
            </p>
          )}
          <LetterActions kind={kind} subject={letter.subject} text={text} recipient={kind === 'complaint' ? undefined : request.recipient} fileBase={fileBase(kind, request, today)} textarea={box} blocked={placeholders.length > 0} />
        </>
      )}
      {after}
    </section>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { localDate } from '@/utils/erasure/deadlines';
import { composeLetter, letterInput, requestContents, type Letter } from '@/utils/erasure/pack';
import type { RequestPatch } from '@/utils/erasure/requests';
import { LETTER_LANGUAGES, type Contact, type ErasureRequest, type LetterLanguage, type Requester } from '@/utils/erasure/types';
import { t } from '@/utils/i18n';
import type { ErasureDetail } from '@/utils/messages';
import { ContactPicker } from './ContactPicker';
import { ErasureLetter } from './ErasureLetter';
import { useAction, useDebounced, usePlaceholders } from './hooks';
import { LaterLetters } from './LaterLetters';
import { OutcomeLine } from './OutcomeLine';
import { RequestClosing } from './RequestClosing';
import { RequesterFields, cleanRequester } from './RequesterFields';
import { RequestFiles } from './RequestFiles';
import { errorText, fileBase, hostsOf, LANGUAGE_NAME, send, stateText } from './request-text';
import { SentTracking } from './SentTracking';

export interface EditorBodyProps {
  detail: ErasureDetail;
  focus: boolean;
  onRequest(r: ErasureRequest): void;
  onReload(): Promise<void>;
  onDeleted(): void;
}

type Generated = { ok: true; letter: Letter } | { ok: false; reason: string } | null;

/** Typing pauses this long before an edit is saved. */
export const SAVE_DELAY_MS = 500;

/**
 * One request: its files, who to send it to, the letter (generated, or the user's edit), and tracking. The choices the
 * user makes here are kept locally and saved in the background; the request's state comes from the background.
 * Sets data-letter="ready" on its root once the letter text is in the text box (a hook for the e2e tests).
 */
export function EditorBody({ detail, focus, onRequest, onReload, onDeleted }: EditorBodyProps) {
  const { request, records, instances } = detail;
  const id = request.id;
  const today = useMemo(() => localDate(Date.now()), []);
  // Only the records and instance facts change what the letter is built from; a saved edit does not.
  const contents = useMemo(() => requestContents(request, records, instances), [records, instances, request.itemIds]);
  const held = useMemo(() => {
    const ids = new Set(request.heldBack ?? []);
    return records.filter((r) => ids.has(r.id));
  }, [records, request.heldBack]);
  const including = useAction();
  const include = async (itemId: string, included: boolean) => {
    const updated = await including.run(() => send<ErasureRequest>({ type: 'erasure-include', id, itemId, included }), t('requestSaving'), t('requestSaved'));
    if (updated) onRequest(updated);
  };
  const { items, targets } = contents;

  const [language, setLanguage] = useState<LetterLanguage>(request.language);
  const [requester, setRequester] = useState<Requester>(request.requester ?? {});
  /** What the letter uses: the details as last saved (typing does not rewrite a 10,000-file letter per key). */
  const [letterRequester, setLetterRequester] = useState<Requester>(request.requester ?? {});
  const [recipient, setRecipient] = useState<Contact | undefined>(request.recipient);
  const [edited, setEdited] = useState<string | undefined>(request.letterText || undefined);
  const [editedIn, setEditedIn] = useState<LetterLanguage | undefined>(request.letterText ? request.language : undefined);

  const saving = useAction();
  const queue = useRef<Promise<void>>(Promise.resolve());
  const save = useCallback(
    (patch: RequestPatch) => {
      queue.current = queue.current.then(async () => {
        const updated = await saving.run(
          () => send<ErasureRequest>({ type: 'erasure-update', id, patch }),
          t('requestSaving'),
          t('requestSaved'),
          (reason) => t('requestSaveFailed', [reason]),
        );
        if (updated) onRequest(updated);
      });
      return queue.current;
    },
    [id, onRequest, saving.run],
  );
  const letterSave = useDebounced((text: string) => void save({ letterText: text }), SAVE_DELAY_MS);
  const detailsSave = useDebounced((r: Requester) => {
    setLetterRequester(r);
    void save({ requester: r });
  }, SAVE_DELAY_MS);

  const generated: Generated = useMemo(() => {
    if (!items.length) return null;
    try {
      const input = letterInput({ ...request, language, requester: letterRequester, ...(recipient && { recipient }) }, targets, items, today);
      return { ok: true, letter: composeLetter('erasure', input) };
    } catch (e) {
      return { ok: false, reason: errorText(e) };
    }
  }, [contents, language, letterRequester, recipient, today]);

  const text = edited ?? (generated?.ok ? generated.letter.text : '');
  const subject = generated?.ok ? generated.letter.subject : '';
  const placeholders = usePlaceholders(text, generated?.ok ? generated.letter.text : '');

  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, []);

  /** The request as it stands with the choices made here (for exports and the later letters). */
  const current: ErasureRequest = { ...request, language, requester: letterRequester, ...(recipient && { recipient }) };

  return (
    <section class="request-editor" data-request-id={id} data-state={request.state} data-letter={text ? 'ready' : 'pending'} aria-labelledby="request-title">
      <h2 id="request-title" ref={heading} tabIndex={-1}>
        {t('requestHeading', [hostsOf(request)])}
      </h2>
      <p class="req-state-line" data-field="state">
        {stateText(request)}
      </p>
      <OutcomeLine outcome={saving.outcome} name="save" />

      <RequestFiles items={items} records={records} missing={request.itemIds.length - items.length} held={held} onInclude={(itemId, on) => void include(itemId, on)} />
      <OutcomeLine outcome={including.outcome} name="include" />

      {items.length === 0 ? (
        <p class="problem">{t('requestNoFiles')}</p>
      ) : (
        <>
          <ContactPicker
            targets={targets}
            items={items}
            value={recipient}
            onChange={(c) => {
              setRecipient(c);
              void save({ recipient: c });
            }}
          />
          <div class="field">
            <label for="letter-language">{t('letterLanguageLabel')}</label>
            <select
              id="letter-language"
              name="language"
              value={language}
              onChange={(e) => {
                const next = e.currentTarget.value as LetterLanguage;
                setLanguage(next);
                void save({ language: next });
              }}
            >
              {LETTER_LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {t(LANGUAGE_NAME[l])}
                </option>
              ))}
            </select>
          </div>
          <RequesterFields
            value={requester}
            origins={request.instanceOrigins}
            onChange={(r) => {
              setRequester(r);
              detailsSave.schedule(cleanRequester(r));
            }}
          />
          <ErasureLetter
            subject={subject}
            text={text}
            failure={generated && !generated.ok ? generated.reason : null}
            edited={edited !== undefined}
            editedIn={editedIn}
            language={language}
            placeholders={placeholders}
            recipient={recipient}
            fileBase={fileBase('erasure', request, today)}
            request={current}
            targets={targets}
            items={items}
            onInput={(value) => {
              setEdited(value);
              setEditedIn((was) => was ?? language);
              letterSave.schedule(value);
            }}
            onRegenerate={() => {
              letterSave.cancel();
              setEdited(undefined);
              setEditedIn(undefined);
              // An empty letterText means "use the generated text" (a patch cannot remove the field).
              void save({ letterText: '' });
            }}
          />
        </>
      )}

      {(items.length > 0 || request.state !== 'draft') && (
        <SentTracking
          request={request}
          recipient={recipient}
          today={today}
          onRequest={onRequest}
          beforeSend={() => {
            letterSave.flush();
            detailsSave.flush();
            return queue.current;
          }}
        />
      )}
      {request.state === 'sent' && items.length > 0 && <LaterLetters request={current} targets={targets} items={items} today={today} onRequest={onRequest} />}
      <RequestClosing request={request} itemIds={items.map((i) => i.id)} onRequest={onRequest} onReload={onReload} onDeleted={onDeleted} />
    </section>
  );
}

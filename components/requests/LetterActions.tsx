import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import type { Contact, LetterKind } from '@/utils/erasure/types';
import { t } from '@/utils/i18n';
import type { Outcome } from './hooks';
import { OutcomeLine } from './OutcomeLine';
import { io, MAILTO_MAX, mailtoUrl } from './request-text';

export interface LetterActionsProps {
  kind: LetterKind;
  subject: string;
  text: string;
  recipient: Contact | undefined;
  /** File name without extension, e.g. takeback-erasure-lemmy.example-2027-01-31. */
  fileBase: string;
  /** The letter's text box: selected for the user to copy when the browser refuses the clipboard. */
  textarea: RefObject<HTMLTextAreaElement | null>;
  /** Template leftovers in the text: nothing is sent until they are fixed. */
  blocked: boolean;
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

/** Copy, email and download one letter; the same for the request, its follow-up and the complaint. */
export function LetterActions({ kind, subject, text, recipient, fileBase, textarea, blocked }: LetterActionsProps) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const disabled = blocked || !text.trim();

  const selectLetter = () => {
    const box = textarea.current;
    if (!box) return;
    box.focus();
    box.select();
  };

  const copy = async () => {
    if (await io.copy(text)) return setOutcome({ kind: 'done', text: t('sendCopied') });
    selectLetter();
    setOutcome({ kind: 'failed', text: t('sendCopyRefused') });
  };

  const email = async () => {
    const full = mailtoUrl(recipient, subject, text);
    if (full.length <= MAILTO_MAX) {
      io.openExternal(full);
      const opened = t('sendEmailOpened');
      return setOutcome({ kind: 'done', text: recipient?.kind === 'email' ? opened : `${opened} ${t('sendEmailNoAddress')}` });
    }
    // Too long for a link: the letter goes to the clipboard first (while this click still counts as the user's), then
    // the mail app opens with the subject and a line asking to paste.
    const copied = await io.copy(text);
    if (!copied) selectLetter();
    io.openExternal(mailtoUrl(recipient, subject, t('sendMailtoPaste')));
    setOutcome(copied ? { kind: 'done', text: t('sendEmailTooLong') } : { kind: 'failed', text: t('sendEmailTooLongRefused') });
  };

  const download = (ext: 'md' | 'txt') => {
    const name = `${fileBase}.${ext}`;
    const body = ext === 'md' ? `# ${subject}\n\n${withNewline(text)}` : `${subject}\n\n${withNewline(text)}`;
    io.download(name, new Blob([body], { type: ext === 'md' ? 'text/markdown;charset=utf-8' : 'text/plain;charset=utf-8' }));
    setOutcome({ kind: 'done', text: t('sendDownloaded', [name]) });
  };

  return (
    <div class="letter-actions" data-letter-kind={kind}>
      <div class="actions" role="group" aria-label={t('sendActionsLabel')}>
        <button type="button" name="copy" class="secondary-button" disabled={disabled} onClick={() => void copy()}>
          {t('sendCopy')}
        </button>
        <button type="button" name="email" class="secondary-button" disabled={disabled} onClick={() => void email()}>
          {t('sendEmail')}
        </button>
        <button type="button" name="download-md" class="secondary-button" disabled={disabled} onClick={() => download('md')}>
          {t('sendDownloadMd')}
        </button>
        <button type="button" name="download-txt" class="secondary-button" disabled={disabled} onClick={() => download('txt')}>
          {t('sendDownloadTxt')}
        </button>
      </div>
      <OutcomeLine outcome={outcome} name={`send-${kind}`} />
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { supportOrigin } from '@/utils/erasure/contacts';
import type { Contact, ContactDiscovery, ErasureItem, InstanceTarget } from '@/utils/erasure/types';
import { hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';
import { parseMxc } from '@/utils/platforms/matrix-admin';
import { useDebounced } from './hooks';
import { CONTACT_KIND, errorText, mergeContacts, sameContact, send, typedContact } from './request-text';

export interface ContactPickerProps {
  targets: InstanceTarget[];
  items: ErasureItem[];
  value: Contact | undefined;
  onChange(contact: Contact): void;
}

type Lookup = { kind: 'loading' } | { kind: 'done'; contacts: Contact[]; problems: string[] } | { kind: 'failed'; reason: string };

const platformOf = (target: InstanceTarget) => (target.software.startsWith('lemmy') ? 'lemmy' : 'matrix');

/**
 * Where to ask, per instance. Matrix publishes /.well-known/matrix/support on the server name's domain, which is often
 * not the host the client talks to (matrix.example.org serves example.org): the server names of the user's files
 * (and of the account) are asked too.
 */
function lookups(targets: InstanceTarget[], items: ErasureItem[]): Array<{ origin: string; platform: 'lemmy' | 'matrix' }> {
  const out = new Map<string, 'lemmy' | 'matrix'>();
  for (const target of targets) {
    const platform = platformOf(target);
    out.set(target.instanceOrigin, platform);
    if (platform !== 'matrix') continue;
    const names = new Set<string>(target.serverName ? [target.serverName] : []);
    for (const item of items) {
      if (item.instanceOrigin !== target.instanceOrigin || names.size >= 3) continue;
      const server = parseMxc(item.mxc ?? item.key)?.server;
      if (server) names.add(server);
    }
    for (const name of names) {
      const origin = supportOrigin(name);
      if (origin && !out.has(origin)) out.set(origin, 'matrix');
    }
  }
  return [...out].map(([origin, platform]) => ({ origin, platform }));
}

/** Who runs the instance: what Takeback found (with where it found it), or a contact the user types. */
export function ContactPicker({ targets, items, value, onChange }: ContactPickerProps) {
  const [lookup, setLookup] = useState<Lookup>({ kind: 'loading' });
  const typedSource = t('recipientTypedSource');
  const [typedMode, setTypedMode] = useState(value?.source === typedSource);
  const [typed, setTyped] = useState(value?.source === typedSource ? value.value : '');
  const [touched, setTouched] = useState(false);
  const saveTyped = useDebounced(onChange, 500);
  const hosts = targets.map((x) => hostOf(x.instanceOrigin)).join(', ');

  useEffect(() => {
    let live = true;
    const asks = lookups(targets, items).map(({ origin, platform }) => send<ContactDiscovery>({ type: 'erasure-contacts', instanceOrigin: origin, platform }));
    void Promise.allSettled(asks).then((answers) => {
      if (!live) return;
      const found = answers.flatMap((a) => (a.status === 'fulfilled' && a.value ? [a.value] : []));
      const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected');
      if (!found.length && failed) return setLookup({ kind: 'failed', reason: errorText(failed.reason) });
      const contacts = mergeContacts(found.map((d) => (Array.isArray(d.contacts) ? d.contacts : [])));
      const problems = found.flatMap((d) => (Array.isArray(d.problems) ? d.problems : []));
      setLookup({ kind: 'done', contacts, problems });
    });
    return () => {
      live = false;
    };
  }, []);

  const typedValue = typedContact(typed);
  const invalid = typed.trim() !== '' && !typedValue;
  const contacts = lookup.kind === 'done' ? lookup.contacts : [];

  // The focus stays on the radio (arrow keys move through the group); the text box is the next Tab stop.
  const chooseTyped = () => {
    setTypedMode(true);
    if (typedValue) saveTyped.schedule(typedValue);
  };

  return (
    <fieldset class="contact-picker" aria-busy={lookup.kind === 'loading' ? 'true' : undefined} data-lookup={lookup.kind}>
      <legend>{t('recipientHeading')}</legend>
      <p class="outcome" role="status">
        {lookup.kind === 'loading' ? t('recipientLooking', [hosts]) : ''}
      </p>
      {lookup.kind === 'failed' && (
        <p class="problem" role="alert">
          {t('recipientFailed', [lookup.reason])}
        </p>
      )}
      {lookup.kind === 'done' && contacts.length === 0 && (
        <div class="no-contact" data-field="no-contact">
          <p>
            <strong>{t('recipientNone', [hosts])}</strong> {t('recipientNoneHelp')}
          </p>
          {lookup.problems.length > 0 && (
            <>
              <p class="hint">{t('recipientProblems')}</p>
              <ul class="problems">
                {lookup.problems.map((problem, i) => (
                  <li key={i}>{problem}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {contacts.map((c, i) => (
        <label key={`${c.kind} ${c.value}`} class="choice" data-kind={c.kind}>
          <input
            type="radio"
            name="recipient"
            value={c.value}
            data-kind={c.kind}
            checked={!typedMode && sameContact(value, c)}
            aria-describedby={`contact-source-${i}`}
            onChange={() => {
              setTypedMode(false);
              saveTyped.cancel();
              onChange(c);
            }}
          />
          <span>
            <span class="contact-value">
              {c.label && c.label !== c.value ? `${c.label}: ` : ''}
              {c.value}
            </span>{' '}
            <span class="contact-kind">({t(CONTACT_KIND[c.kind])})</span>{' '}
            <span id={`contact-source-${i}`} class="hint contact-source">
              {t('recipientFoundAt', [c.source])}
            </span>
          </span>
        </label>
      ))}
      <label class="choice">
        <input type="radio" name="recipient" value="typed" checked={typedMode} onChange={chooseTyped} />
        <span>{t('recipientTyped')}</span>
      </label>
      <div class="field typed-contact">
        <label for="recipient-typed" class="visually-hidden">
          {t('recipientTyped')}
        </label>
        <input
          id="recipient-typed"
          name="recipient-typed"
          type="text"
          inputMode="email"
          autocomplete="off"
          spellcheck={false}
          maxLength={2048}
          value={typed}
          aria-invalid={invalid && touched ? 'true' : undefined}
          aria-describedby={invalid && touched ? 'recipient-typed-hint recipient-typed-error' : 'recipient-typed-hint'}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setTyped(text);
            setTypedMode(true);
            const contact = typedContact(text);
            if (contact) saveTyped.schedule(contact);
            else saveTyped.cancel();
          }}
          onBlur={() => {
            setTouched(true);
            saveTyped.flush();
          }}
        />
        <span id="recipient-typed-hint" class="hint">
          {t('recipientTypedHint')}
        </span>
        {invalid && touched && (
          <p id="recipient-typed-error" class="problem" role="alert">
            {t('recipientTypedInvalid')}
          </p>
        )}
      </div>
    </fieldset>
  );
}

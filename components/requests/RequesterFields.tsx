import type { Requester } from '@/utils/erasure/types';
import { hostOf } from '@/utils/format';
import { t } from '@/utils/i18n';

/** What is saved: blanks left out, so the letter never prints an empty line for them. */
export function cleanRequester(r: Requester): Requester {
  const name = r.name?.trim();
  const email = r.email?.trim();
  const accounts = Object.fromEntries(Object.entries(r.accounts ?? {}).flatMap(([origin, account]) => (account.trim() ? [[origin, account.trim()]] : [])));
  return { ...(name && { name }), ...(email && { email }), ...(Object.keys(accounts).length > 0 && { accounts }) };
}

/** The user's name, email and account per instance; all optional. */
export function RequesterFields({ value, origins, onChange }: { value: Requester; origins: string[]; onChange(r: Requester): void }) {
  const input = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <fieldset class="requester" aria-describedby="requester-hint">
      <legend>{t('detailsHeading')}</legend>
      <p id="requester-hint" class="hint">
        {t('detailsHint')}
      </p>
      <div class="field">
        <label for="requester-name">{t('detailsName')}</label>
        <input id="requester-name" name="requester-name" type="text" autocomplete="name" maxLength={256} value={value.name ?? ''} onInput={(e) => onChange({ ...value, name: input(e) })} />
      </div>
      <div class="field">
        <label for="requester-email">{t('detailsEmail')}</label>
        <input
          id="requester-email"
          name="requester-email"
          type="email"
          autocomplete="email"
          maxLength={256}
          value={value.email ?? ''}
          onInput={(e) => onChange({ ...value, email: input(e) })}
        />
      </div>
      {origins.map((origin, i) => (
        <div class="field" key={origin}>
          <label for={`requester-account-${i}`}>{t('detailsAccount', [hostOf(origin)])}</label>
          <input
            id={`requester-account-${i}`}
            name="requester-account"
            data-origin={origin}
            type="text"
            autocomplete="username"
            spellcheck={false}
            maxLength={256}
            value={value.accounts?.[origin] ?? ''}
            onInput={(e) => onChange({ ...value, accounts: { ...value.accounts, [origin]: input(e) } })}
          />
        </div>
      ))}
    </fieldset>
  );
}

import { useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { SitePolicy } from '@/utils/policy';

/** The web origin meant by what a person typed ("lemmy.world" is https://lemmy.world), or null if it is not http(s). */
export function originFromInput(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  try {
    const url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    // "mailto:a@b" becomes https://mailto:a@b, a host with credentials: not what anyone meant.
    if (!/^https?:$/.test(url.protocol) || url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Sets a policy for a site that is not listed yet. "Ask" is the default, so only the other two are offered. */
export function AddSiteForm({ onAdd }: { onAdd: (origin: string, policy: SitePolicy) => Promise<void> }) {
  const [site, setSite] = useState('');
  const [policy, setPolicy] = useState<SitePolicy>('never');
  const [invalid, setInvalid] = useState(false);
  const siteInput = useRef<HTMLInputElement>(null);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const origin = originFromInput(site);
    setInvalid(!origin);
    if (!origin) {
      siteInput.current?.focus();
      return;
    }
    void onAdd(origin, policy).then(() => setSite(''));
  };

  return (
    <form class="add-site" name="add-site" aria-labelledby="add-site-title" noValidate onSubmit={submit}>
      <h3 id="add-site-title">{t('optionsAddTitle')}</h3>
      <div class="field">
        <label for="add-site-url">{t('optionsAddSite')}</label>
        <input
          ref={siteInput}
          id="add-site-url"
          name="site"
          type="url"
          inputMode="url"
          spellcheck={false}
          value={site}
          aria-invalid={invalid}
          aria-describedby={invalid ? 'add-site-hint add-site-error' : 'add-site-hint'}
          onInput={(e) => {
            setSite(e.currentTarget.value);
            setInvalid(false);
          }}
        />
        <span id="add-site-hint" class="hint">
          {t('optionsAddSiteHint')}
        </span>
      </div>
      <div class="field">
        <label for="add-site-policy">{t('optionsAddPolicy')}</label>
        <select id="add-site-policy" name="new-policy" value={policy} onChange={(e) => setPolicy(e.currentTarget.value as SitePolicy)}>
          <option value="never">{t('optionsPolicyNever')}</option>
          <option value="allow">{t('optionsPolicyAllow')}</option>
        </select>
      </div>
      <button type="submit">{t('optionsAddSubmit')}</button>
      {invalid && (
        <p id="add-site-error" class="problem" role="alert">
          {t('optionsAddInvalid')}
        </p>
      )}
    </form>
  );
}

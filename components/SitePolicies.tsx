import { useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '@/utils/i18n';
import { createPolicyStore, type SitePolicy } from '@/utils/policy';
import { AddSiteForm } from './AddSiteForm';

type SiteEntry = { origin: string; policy: SitePolicy };

const POLICY_LABEL: Record<SitePolicy, MessageKey> = {
  ask: 'optionsPolicyAsk',
  allow: 'optionsPolicyAllow',
  never: 'optionsPolicyNever',
};

/** The stored entries plus the sites set back to "ask" on this page, which are no longer stored. */
function withAsked(stored: SiteEntry[], asked: Set<string>): SiteEntry[] {
  const listed = new Set(stored.map((s) => s.origin));
  const kept = [...asked].filter((origin) => !listed.has(origin)).map((origin): SiteEntry => ({ origin, policy: 'ask' }));
  return [...stored, ...kept].sort((a, b) => a.origin.localeCompare(b.origin));
}

/** Every site with its own upload policy; `policies` is the policy store's list, kept current by the caller. */
export function SitePolicies({ policies }: { policies: SiteEntry[] }) {
  // A site set to "ask" here stays in the list until the page is reloaded, so a slip can be undone in place
  // (and the focused select does not vanish). A ref, not state: rendering before the store has the change would
  // put the old policy back into the select for a moment.
  const asked = useRef(new Set<string>());
  const store = createPolicyStore(browser.storage.local);
  const choose = (origin: string, policy: SitePolicy) => {
    if (policy === 'ask') asked.current.add(origin);
    void store.set(origin, policy);
  };
  const rows = withAsked(policies, asked.current);

  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">{t('optionsSitesTitle')}</h2>
      {rows.length ? (
        <ul class="sites">
          {rows.map(({ origin, policy }, i) => (
            <li key={origin} class="site">
              <label for={`policy-${i}`}>{origin}</label>
              <select
                id={`policy-${i}`}
                name="policy"
                data-origin={origin}
                value={policy}
                onChange={(e) => choose(origin, e.currentTarget.value as SitePolicy)}
              >
                {(['ask', 'allow', 'never'] as const).map((p) => (
                  <option key={p} value={p}>
                    {t(POLICY_LABEL[p])}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('optionsSitesEmpty')}</p>
      )}
      <AddSiteForm onAdd={(origin, policy) => store.set(origin, policy)} />
    </section>
  );
}

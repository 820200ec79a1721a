import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { originFromInput } from '../AddSiteForm';

/** No records yet: what the dashboard will show, and how to bring in uploads made before Takeback. */
export function EmptyState({ onImport }: { onImport(origin: string): Promise<void> }) {
  const [address, setAddress] = useState('');
  const [invalid, setInvalid] = useState(false);
  return (
    <section class="empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('dashboardEmptyTitle')}</h2>
      <p>{t('dashboardEmptyBody')}</p>
      <form
        name="import-form"
        noValidate
        class="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          const origin = originFromInput(address);
          setInvalid(!origin);
          if (origin) void onImport(origin);
        }}
      >
        <label for="import-address">{t('importAddressLabel')}</label>
        <span id="import-hint" class="hint">
          {t('importAddressHint')}
        </span>
        <div class="inline">
          <input
            id="import-address"
            name="import-address"
            type="url"
            value={address}
            aria-invalid={invalid ? 'true' : undefined}
            aria-describedby={invalid ? 'import-hint import-error' : 'import-hint'}
            onInput={(e) => {
              setAddress(e.currentTarget.value);
              setInvalid(false);
            }}
          />
          <button type="submit" name="import-submit" class="secondary-button">
            {t('importSubmit')}
          </button>
        </div>
        {invalid && (
          <p id="import-error" class="problem" role="alert">
            {t('optionsAddInvalid')}
          </p>
        )}
      </form>
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { createPolicyStore } from '@/utils/policy';

/** The current site's "Never upload" switch; the policy store keys it by origin. */
export function NeverUploadToggle({ site }: { site: string }) {
  const [never, setNever] = useState<boolean | null>(null);
  const store = createPolicyStore(browser.storage.local);
  useEffect(() => {
    void store.get(site).then((p) => setNever(p === 'never'));
  }, [site]);
  return (
    <label class="setting">
      <input
        type="checkbox"
        name="never-upload"
        checked={never ?? false}
        disabled={never === null}
        aria-describedby="never-upload-hint"
        onChange={(e) => {
          const value = e.currentTarget.checked;
          setNever(value);
          void store.set(site, value ? 'never' : 'ask');
        }}
      />
      <span>
        {t('popupNeverUpload')}
        <span id="never-upload-hint" class="hint">
          {t('popupNeverUploadHint')}
        </span>
      </span>
    </label>
  );
}

import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

const GECKO_ID = 'takeback@takeback.invalid';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  imports: false,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'activeTab'],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: GECKO_ID,
          strict_min_version: '128.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
  zip: { artifactTemplate: '{{name}}-{{packageVersion}}-{{browser}}-{{manifestVersion}}{{modeSuffix}}.zip' },
  vite: () => ({ plugins: [preact()] }),
});

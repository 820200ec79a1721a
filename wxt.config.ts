import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { existsSync } from 'node:fs';

const GECKO_ID = 'takeback@takeback.invalid';

// `npm run dev` opens Debian's browsers when they are installed, else whatever web-ext finds.
const binaries = Object.fromEntries(
  [
    ['chrome', '/usr/bin/chromium'],
    ['firefox', '/usr/bin/firefox-esr'],
  ].filter(([, path]) => existsSync(path!)),
);

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  imports: false,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // webRequest: observing (never blocking) requests to upload endpoints that no page hook saw (utils/unseen-uploads.ts).
    // Optional in Chrome, where holding it costs every request of every site (utils/unseen-watch.ts says why).
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'activeTab', 'scripting', 'notifications', ...(browser === 'firefox' ? ['webRequest'] : [])],
    ...(browser !== 'firefox' && { optional_permissions: ['webRequest'] }),
    // Deleting runs in a tab of the instance (its own login goes along) and the proof is a request from Takeback
    // itself; both need the sites, which the content scripts already cover, so no new warning appears.
    host_permissions: ['<all_urls>'],
    action: { default_title: '__MSG_extName__' },
    // The upload warning is an extension page framed into the page (which cannot script it). Chrome's dynamic URL
    // changes every session, so pages cannot probe for Takeback; Firefox's moz-extension UUID is already per install.
    web_accessible_resources: [
      { resources: ['upload-warning.html'], matches: ['<all_urls>'], ...(browser !== 'firefox' && { use_dynamic_url: true }) },
    ],
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
  hooks: {
    // The extension pages (one multi-page build): zod in a chunk of its own. Shared-chunk grouping otherwise put preact's
    // hooks next to it, and every page with hooks (the dashboard with 50,000 rows among them) parsed zod it never runs.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((e) => e.type === 'popup' || e.type === 'options' || e.type === 'unlisted-page')) return;
      const output = ((config.build ??= {}).rollupOptions ??= {}).output ??= {};
      if (!Array.isArray(output)) output.manualChunks = (id: string) => (/node_modules[\\/]zod[\\/]/.test(id) ? 'zod' : undefined);
    },
    // The extension's options entry is the dashboard (all uploads); Settings is its own page, linked from the
    // dashboard and the popup. wxt only derives options_ui from an entrypoint named "options", so set it here.
    'build:manifestGenerated': (_wxt, manifest) => {
      manifest.options_ui = { page: 'dashboard.html', open_in_tab: true };
      // The document_start bridge is an unlisted script (entrypoints/bridge.ts says why), declared here. Every frame
      // the hook runs in: about:blank, blob: and sandboxed srcdoc frames too (matched by the origin that made them).
      manifest.content_scripts = [
        { matches: ['<all_urls>'], js: ['bridge.js'], run_at: 'document_start', all_frames: true, match_about_blank: true, match_origin_as_fallback: true },
        ...(manifest.content_scripts ?? []),
      ] as typeof manifest.content_scripts;
    },
  },
  webExt: { binaries },
  zip: { artifactTemplate: '{{name}}-{{packageVersion}}-{{browser}}-{{manifestVersion}}{{modeSuffix}}.zip' },
  vite: () => ({ plugins: [preact()] }),
});

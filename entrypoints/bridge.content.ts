import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { openBridgeChannel } from '@/utils/bridge-channel';
import type { CaptureReply, ContentMessage, UploadPolicyReply } from '@/utils/messages';
import { showNotice } from '@/utils/notice';
import { watchRules } from '@/utils/platforms';
import { makeThumbnail } from '@/utils/thumbnail';
import { createPickTracker } from '@/utils/picks';
import { framePrompt } from '@/utils/prompt-frame';
import { PROMPT_PAGE } from '@/utils/prompt-protocol';
import { answerSessionRequest } from '@/utils/session-request';
import { createUploadGate } from '@/utils/upload-gate';
import { t } from '@/utils/i18n';

/**
 * Where the warning page is framed from, and the origin its document gets. Chrome hands content scripts a per-session
 * dynamic URL (use_dynamic_url), but the framed document's origin stays chrome-extension://<id>.
 */
function warningPage() {
  const url = browser.runtime.getURL(PROMPT_PAGE);
  const origin = url.startsWith('chrome-extension://') ? `chrome-extension://${browser.runtime.id}` : new URL(url).origin;
  return { url, origin };
}

// Isolated world, document_start, every frame: the only path from the page's world to the background.
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  main() {
    // sendMessage throws synchronously once the extension was reloaded; keep every failure on the promise path.
    const send = (m: ContentMessage) => Promise.resolve().then(() => browser.runtime.sendMessage(m));

    function failed(reason: string) {
      showNotice(document, t('noticeSaveFailedTitle'), t('noticeSaveFailedDetail', [reason]), t('dismiss'));
      void send({ type: 'problem', reason }).catch(() => {});
    }

    // Files the user picks, pastes or drops are remembered from the start, so the warning can show them.
    const gate = createUploadGate({
      doc: document,
      picks: createPickTracker(document),
      uploadPolicy: () => send({ type: 'upload-policy' }) as Promise<UploadPolicyReply>,
      rememberPolicy: (policy) => send({ type: 'remember-policy', policy }),
      openFrame: framePrompt(document, warningPage(), t('warnFrameTitle')),
      notify(notice) {
        if (notice.kind === 'blocked') showNotice(document, t('noticeBlockedTitle'), t('noticeBlockedDetail'), t('dismiss'));
        if (notice.kind === 'removed') showNotice(document, t('noticeRemovedTitle'), t('noticeRemovedDetail'), t('dismiss'));
        if (notice.kind === 'unavailable') showNotice(document, t('noticeUnavailableTitle'), t('noticeUnavailableDetail'), t('dismiss'));
        if (notice.kind === 'failed') {
          showNotice(document, t('noticeWarnFailedTitle'), t('noticeWarnFailedDetail', [notice.reason]), t('dismiss'));
          void send({ type: 'problem', reason: notice.reason }).catch(() => {});
        }
      },
    });

    // Deletes and imports the user started run from here, so the site's own login goes along (top frame only).
    if (window === window.top) browser.runtime.onMessage.addListener((message) => answerSessionRequest(message, location.origin));

    openBridgeChannel(window, {
      rules: watchRules,
      onMessage(msg, previews, reply) {
        if (msg.t === 'hold') {
          const { reqId } = msg.hold;
          return void gate.hold(msg.hold, previews, (allow) => reply({ t: 'verdict', reqId, allow }));
        }
        if (msg.t === 'withdrawn') return gate.withdraw(msg.reqId);
        const { obs } = msg;
        send({ type: 'capture', obs }).then(
          async (answer) => {
            reply({ t: 'ack', reqId: obs.reqId, ok: true });
            const { saved, thumbnails } = answer as CaptureReply;
            if (!thumbnails) return;
            for (const { id, fileIndex } of saved) {
              const image = fileIndex === null ? null : previews[fileIndex];
              const dataUrl = image ? await makeThumbnail(image) : null;
              if (dataUrl) await send({ type: 'thumbnail', id, dataUrl }).catch(() => {});
            }
          },
          (error: unknown) => {
            reply({ t: 'ack', reqId: obs.reqId, ok: false });
            failed(error instanceof Error ? error.message : String(error));
          },
        );
      },
    });
  },
});

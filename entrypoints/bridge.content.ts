import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { openBridgeChannel } from '@/utils/bridge-channel';
import type { BridgeMessage, CaptureReply, ContentMessage } from '@/utils/messages';
import { showNotice } from '@/utils/notice';
import { watchRules } from '@/utils/platforms';
import { makeThumbnail } from '@/utils/thumbnail';
import { t } from '@/utils/i18n';

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

    function decide(reqId: string, reply: (m: BridgeMessage) => void) {
      // Only 'never' blocks for now; the warning dialog (ask) comes next. If Takeback fails, the upload goes on.
      send({ type: 'upload-policy' }).then(
        (policy) => {
          const allow = policy !== 'never';
          reply({ t: 'verdict', reqId, allow });
          if (!allow) showNotice(document, t('noticeBlockedTitle'), t('noticeBlockedDetail'), t('dismiss'));
        },
        () => reply({ t: 'verdict', reqId, allow: true }),
      );
    }

    openBridgeChannel(window, {
      rules: watchRules,
      onMessage(msg, previews, reply) {
        if (msg.t === 'hold') return decide(msg.hold.reqId, reply);
        if (msg.t !== 'obs') return;
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

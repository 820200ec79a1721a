import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { readHookMessage } from '@/utils/bridge-channel';
import { BRIDGE_CORE, type BridgeCore, type RestStatus } from '@/utils/lazy-bridge';
import type { CapturePause } from '@/utils/capture-limits';
import type { CaptureReply, ContentMessage, HookMessage, UploadPolicyReply } from '@/utils/messages';
import type { Observation } from '@/utils/platforms/types';
import { showNotice } from '@/utils/notice';
import { makeThumbnail } from '@/utils/thumbnail';
import { framePrompt } from '@/utils/prompt-frame';
import { relayHost, relayPrompt, type RelayedPrompt, type RelayReply } from '@/utils/prompt-relay';
import { PROMPT_PAGE } from '@/utils/prompt-protocol';
import { answerSessionRequest } from '@/utils/session-request';
import { createUploadGate, type PickedForUpload } from '@/utils/upload-gate';
import { t } from '@/utils/i18n';
import { isUnseenVia, viaText } from '@/utils/unseen-via';

/**
 * Where the warning page is framed from, and the origin its document gets. Chrome hands content scripts a per-session
 * dynamic URL (use_dynamic_url), but the framed document's origin stays chrome-extension://<id>.
 */
function warningPage() {
  const url = browser.runtime.getURL(PROMPT_PAGE);
  const origin = url.startsWith('chrome-extension://') ? `chrome-extension://${browser.runtime.id}` : new URL(url).origin;
  return { url, origin };
}

// The rest of the ISOLATED bridge (utils/lazy-bridge.ts): injected by the background into one document, the first time
// its hook sees a watched request or the user picks a file there (entrypoints/bridge.ts runs before). Never in
// the manifest and not web-accessible: no page can make a browser load it, and no page can read it. An unlisted script
// for the reason given in entrypoints/bridge.ts.
export default defineUnlistedScript({
  main() {
    // An own property of the isolated world's global, set by the first part at document_start: never a page element
    // of that name, which a plain lookup could fall through to (named properties of the window).
    const global = globalThis as unknown as Record<string, BridgeCore | undefined>;
    const core = Object.prototype.hasOwnProperty.call(global, BRIDGE_CORE) ? global[BRIDGE_CORE] : undefined;
    if (!core || typeof core.attach !== 'function') return 'no-core' satisfies RestStatus;
    // Injected twice into one document (two first needs at once): the first copy is the bridge.
    if (core.taken) return 'there' satisfies RestStatus;
    core.taken = true;
    // sendMessage throws synchronously once the extension was reloaded; keep every failure on the promise path.
    const send = (m: ContentMessage) => Promise.resolve().then(() => browser.runtime.sendMessage(m));

    function failed(reason: string) {
      showNotice(document, t('noticeSaveFailedTitle'), t('noticeSaveFailedDetail', [reason]), t('dismiss'));
      void send({ type: 'problem', reason }).catch(() => {});
    }

    // A sandboxed frame (opaque origin) cannot show the warning itself (its sandbox reaches the warning's frame too):
    // the tab's top frame shows it (utils/prompt-relay.ts).
    const opaque = location.origin === 'null';
    const relay = opaque ? relayPrompt((m) => send(m)) : null;
    const ownFrame = framePrompt(document, warningPage(), t('warnFrameTitle'));

    // Files the user picks, pastes or drops are remembered from the start, so the warning can show them.
    const gate = createUploadGate({
      doc: document,
      picks: core.picks,
      uploadPolicy: () => send({ type: 'upload-policy' }) as Promise<UploadPolicyReply>,
      rememberPolicy: (policy) => send({ type: 'remember-policy', policy }),
      openFrame: relay?.openFrame ?? ownFrame,
      opaqueSite: t('sandboxedFrame'),
      notify(notice) {
        if (notice.kind === 'blocked') showNotice(document, t('noticeBlockedTitle'), t('noticeBlockedDetail'), t('dismiss'));
        if (notice.kind === 'declined') {
          const detail = notice.names.length === 1 ? t('noticeDeclinedDetailOne', [notice.names[0]!]) : t('noticeDeclinedDetail', [String(notice.names.length || 1)]);
          showNotice(document, t('noticeDeclinedTitle'), detail, t('dismiss'));
        }
        if (notice.kind === 'removed') showNotice(document, t('noticeRemovedTitle'), t('noticeRemovedDetail'), t('dismiss'));
        if (notice.kind === 'unavailable') showNotice(document, t('noticeUnavailableTitle'), t('noticeUnavailableDetail'), t('dismiss'));
        if (notice.kind === 'failed') {
          showNotice(document, t('noticeWarnFailedTitle'), t('noticeWarnFailedDetail', [notice.reason]), t('dismiss'));
          void send({ type: 'problem', reason: notice.reason }).catch(() => {});
        }
      },
    });

    // Uploads the background would not record because this site reported too many (a flood, or a very large album):
    // kept here, in this page, until the user says to keep recording; one notice says so.
    const heldBack: Array<{ obs: Observation; previews: Array<Blob | null>; picked?: Array<PickedForUpload | null> }> = [];
    const MAX_HELD_BACK = 500;
    let pausedNotice = false;

    function record(obs: Observation, sent: Array<Blob | null>, acked: (ok: boolean) => void, picked = gate.pickedFor(obs.reqId)) {
      // An encrypted upload's body is ciphertext: the record and its preview come from the file the user picked.
      // (The hook hands over no preview for a body that is not an image, such as ciphertext: index by the files.)
      const previews = picked ? Array.from({ length: Math.max(sent.length, picked.length) }, (_, i) => (picked[i] && !picked[i]!.meta.derived ? picked[i]!.file : (sent[i] ?? null))) : sent;
      send({ type: 'capture', obs, ...(picked && { picked: picked.map((p) => p?.meta ?? null) }) }).then(
        async (answer) => {
          const { saved, thumbnails, paused } = answer as CaptureReply;
          acked(!paused);
          if (paused) return holdBack(obs, sent, paused, picked);
          if (!thumbnails) return;
          for (const { id, fileIndex } of saved) {
            const image = fileIndex === null ? null : previews[fileIndex];
            const dataUrl = image ? await makeThumbnail(image) : null;
            if (dataUrl) await send({ type: 'thumbnail', id, dataUrl }).catch(() => {});
          }
        },
        (error: unknown) => {
          acked(false);
          failed(error instanceof Error ? error.message : String(error));
        },
      );
    }

    function holdBack(obs: Observation, previews: Array<Blob | null>, pause: CapturePause, picked?: Array<PickedForUpload | null>) {
      if (heldBack.length < MAX_HELD_BACK) heldBack.push({ obs, previews, picked });
      if (pausedNotice) return;
      pausedNotice = true;
      const per = t(pause.per === 'hour' ? 'pausePerHour' : 'pausePerDay');
      showNotice(document, t('noticePausedTitle', [location.host]), t('noticePausedDetail', [location.host, String(pause.limit), per]), t('dismiss'), {
        name: 'keep-recording',
        label: t('keepRecording'),
        run() {
          pausedNotice = false;
          void send({ type: 'resume-captures' }).then(
            () => {
              for (const held of heldBack.splice(0)) record(held.obs, held.previews, () => {}, held.picked);
            },
            (e: unknown) => failed(e instanceof Error ? e.message : String(e)),
          );
        },
      });
    }

    // Uploads the background saw leave this tab (or this site's service worker) without the hook seeing them: one
    // notice per instance, counting, so a page that sends many does not stack notices (utils/unseen-uploads.ts).
    const unseen = new Map<string, { count: number; notice: { remove(): void } }>();
    function tellUnseen(message: { host?: unknown; via?: unknown }) {
      const { host, via } = message;
      if (typeof host !== 'string' || !isUnseenVia(via)) return;
      const count = (unseen.get(host)?.count ?? 0) + 1;
      unseen.get(host)?.notice.remove();
      const title = count > 1 ? t('noticeUnseenManyTitle', [String(count), host]) : t('noticeUnseenTitle', [host]);
      const notice = showNotice(document, title, t('noticeUnseenDetail', [viaText(via)]), t('dismiss'), {
        name: 'open-dashboard',
        label: t('showInTakeback'),
        run: () => void send({ type: 'open-dashboard' }).catch((e: unknown) => failed(e instanceof Error ? e.message : String(e))),
      });
      unseen.set(host, { count, notice });
    }

    // Deletes and imports the user started run from here, so the site's own login goes along (top frame only); a
    // sandboxed frame's relayed warning is shown by the top frame.
    if (window === window.top) {
      const host = relayHost(ownFrame, (m) => send(m));
      browser.runtime.onMessage.addListener((message: unknown) => {
        const type = (message as { type?: unknown } | null)?.type;
        if (type === 'relayed-prompt') return void host(message as RelayedPrompt);
        if (type === 'unseen-upload') {
          tellUnseen(message as { host?: unknown; via?: unknown });
          return Promise.resolve(true);
        }
        return answerSessionRequest(message, location.origin);
      });
    } else if (relay) {
      browser.runtime.onMessage.addListener((message: unknown) => {
        if ((message as { type?: unknown } | null)?.type === 'relay-reply') relay.reply(message as RelayReply);
      });
    }

    const { reply } = core;
    // A report Takeback could not read: its key may be lost, and the user must know.
    const onInvalid = (reason: string) => failed(`Takeback could not read an upload's answer (${reason})`);
    function onMessage(msg: HookMessage, previews: Array<Blob | null>) {
      if (msg.t === 'hold') {
        const { reqId } = msg.hold;
        return void gate.hold(msg.hold, previews, (allow) => reply({ t: 'verdict', reqId, allow }));
      }
      if (msg.t === 'withdrawn') return gate.withdraw(msg.reqId);
      const { obs } = msg;
      record(obs, previews, (ok) => reply({ t: 'ack', reqId: obs.reqId, ok }));
    }
    core.attach({ fromHook: (detail) => readHookMessage(detail, location.href, reply, onMessage, onInvalid) });
    return 'attached' satisfies RestStatus;
  },
});

import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { UploadWarning } from '@/components/UploadWarning';
import {
  PROMPT_ID,
  PromptOpenSchema,
  ToDialogSchema,
  type FromDialog,
  type PromptItem,
  type PromptOpen,
} from '@/utils/prompt-protocol';
import '@/components/ui.css';
import './warning.css';

// The metadata reader (exifreader) loads only here, and only when a warning is actually being prepared.
const readMetadata = async (file: Blob) => (await import('@/utils/metadata')).readMetadata(file);

function Warning({ open, port }: { open: PromptOpen; port: MessagePort }) {
  const [list, setList] = useState<{ version: number; items: PromptItem[]; more: number; unreadable: boolean } | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [forwarded, setForwarded] = useState<{ x: number; y: number; n: number } | null>(null);
  useEffect(() => {
    port.onmessage = (e: MessageEvent) => {
      const msg = ToDialogSchema.safeParse(e.data);
      if (!msg.success) return;
      if (msg.data.t === 'items') setList({ version: msg.data.version, items: msg.data.items, more: msg.data.more ?? 0, unreadable: !!msg.data.unreadable });
      else if (msg.data.t === 'click') {
        const { x, y } = msg.data;
        setForwarded((f) => ({ x, y, n: (f?.n ?? 0) + 1 }));
      } else setRevealed(true);
    };
    port.postMessage({ t: 'ready' } satisfies FromDialog);
  }, []);
  if (!list) return null;
  return (
    <UploadWarning
      open={open}
      items={list.items}
      more={list.more}
      unreadable={list.unreadable}
      version={list.version}
      revealed={revealed}
      forwarded={forwarded}
      send={(m) => port.postMessage(m)}
      readMetadata={readMetadata}
    />
  );
}

// Only the bridge knows this frame's id (it is in our URL, which the page cannot read), so only the bridge's
// message can hand us the port.
const promptId = location.hash.slice(1);
window.addEventListener('message', function take(e: MessageEvent) {
  const open = PromptOpenSchema.safeParse(e.data);
  const port = e.ports[0];
  if (!PROMPT_ID.test(promptId) || !open.success || open.data.promptId !== promptId || !port) return;
  window.removeEventListener('message', take);
  history.replaceState(null, '', location.pathname);
  render(<Warning open={open.data} port={port} />, document.getElementById('app')!);
});

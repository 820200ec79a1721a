/**
 * A small in-page notice in a closed shadow root, for when Takeback itself failed and the user must know.
 * Page scripts can neither read nor click it in a way we act upon; it only informs.
 */
export interface NoticeAction {
  label: string;
  /** The button's name (for the notice's own styling and tests; the page cannot reach into the closed root). */
  name: string;
  /** Runs on a trusted click only; the notice then goes. */
  run(): void;
}

export function showNotice(doc: Document, title: string, detail: string, dismissLabel: string, action?: NoticeAction): { remove(): void } {
  const host = doc.createElement('takeback-notice');
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = `
    .box { position: fixed; z-index: 2147483647; right: 16px; bottom: 16px; max-width: 360px; padding: 12px 14px;
      font: 14px/1.4 system-ui, sans-serif; color: #1b1b1f; background: #fff4e5; border: 1px solid #b25e00;
      border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.25); }
    strong { display: block; margin-bottom: 4px; }
    button { margin-top: 8px; font: inherit; padding: 4px 10px; cursor: pointer; }
    @media (prefers-color-scheme: dark) { .box { color: #f3f3f6; background: #3a2a12; border-color: #f0a040; } }`;
  const box = doc.createElement('div');
  box.className = 'box';
  box.setAttribute('role', 'alert');
  const strong = doc.createElement('strong');
  strong.textContent = title;
  const text = doc.createElement('div');
  text.textContent = detail;
  const close = doc.createElement('button');
  close.type = 'button';
  close.name = 'dismiss';
  close.textContent = dismissLabel;
  close.addEventListener('click', (e) => e.isTrusted && host.remove());
  box.append(strong, text);
  if (action) {
    const act = doc.createElement('button');
    act.type = 'button';
    act.name = action.name;
    act.textContent = action.label;
    act.addEventListener('click', (e) => {
      // A page can call .click() on nothing inside a closed root, but its synthetic events are refused all the same.
      if (!e.isTrusted) return;
      host.remove();
      action.run();
    });
    box.append(act, doc.createTextNode(' '));
  }
  box.append(close);
  root.append(style, box);
  (doc.body ?? doc.documentElement).append(host);
  return { remove: () => host.remove() };
}

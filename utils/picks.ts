import type { FileMeta, PickContext } from './platforms/types';

/** Files the user chose in one gesture: one file-input change, one paste or one drop. */
export interface PickGroup extends PickContext {
  id: number;
  at: number;
  files: File[];
  /** The user's answer in Takeback's warning for these files, so later uploads of them are not asked twice. */
  decision?: { allow: boolean; at: number };
}

export const PICK_MAX_AGE_MS = 10 * 60_000;
/** How long an answer covers further uploads made from the same files (Element sends a thumbnail, then the file). */
export const DECISION_REUSE_MS = 2 * 60_000;
const MAX_GROUPS = 16;

export interface PickMatch {
  group: PickGroup;
  /** The picked file this upload carries, or null when it only derives from the group (a thumbnail, or ciphertext of another size). */
  file: File | null;
}

/**
 * Remembers what the user picked, pasted or dropped, from the ISOLATED world (capture phase, trusted events only),
 * so the warning can show the real file even when the request carries ciphertext. Page scripts cannot add picks.
 * `onPick` hears of each new group (the document_start bridge then loads the rest of itself, issue 13).
 */
export function createPickTracker(doc: Document, now: () => number = Date.now, onPick: () => void = () => {}) {
  let groups: PickGroup[] = [];
  let nextId = 1;

  const inDialog = (target: EventTarget | null) =>
    target instanceof (doc.defaultView?.Element ?? Element) &&
    target.closest('dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"]') !== null;

  function add(files: FileList | null | undefined, source: PickGroup['source'], target: EventTarget | null) {
    const list = files ? Array.from(files) : [];
    if (!list.length) return;
    const group = { id: nextId++, at: now(), files: list, fileCount: list.length, source, inDialog: inDialog(target) };
    groups = [group, ...groups].slice(0, MAX_GROUPS);
    onPick();
  }

  const onChange = (e: Event) => {
    const input = e.target as HTMLInputElement | null;
    if (e.isTrusted && input?.tagName === 'INPUT' && input.type === 'file') add(input.files, 'input', input);
  };
  const onPaste = (e: Event) => e.isTrusted && add((e as ClipboardEvent).clipboardData?.files, 'paste', e.target);
  const onDrop = (e: Event) => e.isTrusted && add((e as DragEvent).dataTransfer?.files, 'drop', e.target);
  doc.addEventListener('change', onChange, true);
  doc.addEventListener('paste', onPaste, true);
  doc.addEventListener('drop', onDrop, true);

  const fresh = () => {
    const t = now();
    groups = groups.filter((g) => t - g.at <= PICK_MAX_AGE_MS);
    return groups;
  };

  return {
    /**
     * The group an upload came from: the newest group holding a file of the same size (and name, when the upload
     * names one); else, for a nameless upload (a thumbnail or ciphertext), the newest group picked in the last
     * DECISION_REUSE_MS that is not answered yet.
     */
    match(meta: Pick<FileMeta, 'name' | 'size'>): PickMatch | null {
      for (const group of fresh()) {
        const file = group.files.find((f) => f.size === meta.size && (meta.name === null || f.name === meta.name));
        if (file) return { group, file };
      }
      if (meta.name !== null) return null;
      const t = now();
      const open = groups.find((g) => !g.decision && t - g.at <= DECISION_REUSE_MS);
      return open ? { group: open, file: null } : null;
    },
    decide(group: PickGroup, allow: boolean) {
      group.decision = { allow, at: now() };
    },
    /** The standing answer for a group, while it still covers new uploads. */
    answer(group: PickGroup): boolean | null {
      return group.decision && now() - group.decision.at <= DECISION_REUSE_MS ? group.decision.allow : null;
    },
    stop() {
      doc.removeEventListener('change', onChange, true);
      doc.removeEventListener('paste', onPaste, true);
      doc.removeEventListener('drop', onDrop, true);
    },
  };
}
export type PickTracker = ReturnType<typeof createPickTracker>;

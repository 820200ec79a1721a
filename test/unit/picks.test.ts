// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPickTracker, DECISION_REUSE_MS, PICK_MAX_AGE_MS, type PickTracker } from '@/utils/picks';

/** happy-dom's events have no isTrusted at all (undefined, so falsy); a user's gesture is made by defining it. */
function trusted<E extends Event>(e: E): E {
  Object.defineProperty(e, 'isTrusted', { value: true });
  return e;
}

const file = (name: string, size: number, type = 'image/png') => new File(['x'.repeat(size)], name, { type });

function fileInput(parent: Element = document.body, type = 'file'): HTMLInputElement {
  const input = document.createElement('input');
  input.type = type;
  parent.append(input);
  return input;
}

function change(input: HTMLInputElement, files: File[], isTrusted = true, init: EventInit = { bubbles: true }) {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  const e = new Event('change', init);
  input.dispatchEvent(isTrusted ? trusted(e) : e);
}

function paste(target: Element, files: File[], isTrusted = true) {
  const e = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'clipboardData', { value: { files } });
  target.dispatchEvent(isTrusted ? trusted(e) : e);
}

function drop(target: Element, files: File[], isTrusted = true) {
  const e = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(e, 'dataTransfer', { value: { files } });
  target.dispatchEvent(isTrusted ? trusted(e) : e);
}

let clock: number;
let picks: PickTracker;

beforeEach(() => {
  document.body.innerHTML = '';
  clock = 1_000_000;
  picks = createPickTracker(document, () => clock);
});
afterEach(() => {
  picks.stop();
  vi.useRealTimers();
});

describe('trusted events only', () => {
  it('the test helper really makes isTrusted true for listeners (and plain happy-dom events are not trusted)', () => {
    const seen: unknown[] = [];
    const listener = (e: Event) => void seen.push(e.isTrusted);
    document.addEventListener('paste', listener, true);
    const target = document.createElement('div');
    document.body.append(target);
    target.dispatchEvent(new Event('paste', { bubbles: true }));
    target.dispatchEvent(trusted(new Event('paste', { bubbles: true })));
    document.removeEventListener('paste', listener, true);
    expect(seen.map(Boolean)).toEqual([false, true]);
  });

  it('records a trusted change on a file input, with its files, source and inDialog', () => {
    const a = file('a.png', 10);
    const b = file('b.jpg', 20, 'image/jpeg');
    change(fileInput(), [a, b]);
    const m = picks.match({ name: 'b.jpg', size: 20 });
    expect(m?.file).toBe(b);
    expect(m?.group.files).toEqual([a, b]);
    expect(m?.group.source).toBe('input');
    expect(m?.group.inDialog).toBe(false);
    expect(m?.group.at).toBe(clock);
  });

  it('ignores untrusted change, paste and drop (a page script cannot add picks)', () => {
    const input = fileInput();
    const div = document.createElement('div');
    document.body.append(div);
    change(input, [file('a.png', 10)], false);
    paste(div, [file('b.png', 11)], false);
    drop(div, [file('c.png', 12)], false);
    expect(picks.match({ name: 'a.png', size: 10 })).toBeNull();
    expect(picks.match({ name: 'b.png', size: 11 })).toBeNull();
    expect(picks.match({ name: 'c.png', size: 12 })).toBeNull();
    expect(picks.match({ name: null, size: 999 })).toBeNull();
  });

  it('ignores change events on inputs that are not type=file, and empty file lists', () => {
    const text = fileInput(document.body, 'text');
    change(text, [file('a.png', 10)]);
    change(fileInput(), []);
    expect(picks.match({ name: 'a.png', size: 10 })).toBeNull();
    expect(picks.match({ name: null, size: 1 })).toBeNull();
  });

  it('records a trusted paste from clipboardData.files', () => {
    const area = document.createElement('textarea');
    document.body.append(area);
    const f = file('pasted.png', 33);
    paste(area, [f]);
    const m = picks.match({ name: 'pasted.png', size: 33 });
    expect(m?.file).toBe(f);
    expect(m?.group.source).toBe('paste');
    expect(m?.group.inDialog).toBe(false);
  });

  it('records a trusted drop from dataTransfer.files', () => {
    const zone = document.createElement('div');
    document.body.append(zone);
    const f = file('dropped.png', 44);
    drop(zone, [f]);
    const m = picks.match({ name: 'dropped.png', size: 44 });
    expect(m?.file).toBe(f);
    expect(m?.group.source).toBe('drop');
  });

  it('listens in the capture phase: a page that stops propagation at the target, or a non-bubbling event, does not hide the pick', () => {
    const input = fileInput();
    input.addEventListener('change', (e) => e.stopPropagation());
    change(input, [file('a.png', 10)]);
    expect(picks.match({ name: 'a.png', size: 10 })).not.toBeNull();

    const zone = document.createElement('div');
    document.body.append(zone);
    zone.addEventListener('drop', (e) => e.stopImmediatePropagation());
    drop(zone, [file('d.png', 12)]);
    expect(picks.match({ name: 'd.png', size: 12 })).not.toBeNull();

    change(fileInput(), [file('quiet.png', 14)], true, { bubbles: false });
    expect(picks.match({ name: 'quiet.png', size: 14 })).not.toBeNull();
  });

  it('stop() removes all three listeners', () => {
    picks.stop();
    const zone = document.createElement('div');
    document.body.append(zone);
    change(fileInput(), [file('a.png', 10)]);
    paste(zone, [file('b.png', 11)]);
    drop(zone, [file('c.png', 12)]);
    expect(picks.match({ name: 'a.png', size: 10 })).toBeNull();
    expect(picks.match({ name: 'b.png', size: 11 })).toBeNull();
    expect(picks.match({ name: 'c.png', size: 12 })).toBeNull();
    expect(picks.match({ name: null, size: 1 })).toBeNull();
  });
});

describe('inDialog', () => {
  const containers: Array<[string, string, Record<string, string>]> = [
    ['dialog', 'dialog', {}],
    ['[role=dialog]', 'div', { role: 'dialog' }],
    ['[role=alertdialog]', 'section', { role: 'alertdialog' }],
    ['[aria-modal=true]', 'div', { 'aria-modal': 'true' }],
  ];

  for (const [selector, tag, attrs] of containers) {
    it(`is true for an input, a paste target and a drop target inside ${selector}`, () => {
      const box = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) box.setAttribute(k, v);
      const inner = document.createElement('div');
      box.append(inner);
      document.body.append(box);
      change(fileInput(inner), [file('in.png', 1)]);
      paste(inner, [file('paste.png', 2)]);
      drop(inner, [file('drop.png', 3)]);
      expect(picks.match({ name: 'in.png', size: 1 })?.group.inDialog).toBe(true);
      expect(picks.match({ name: 'paste.png', size: 2 })?.group.inDialog).toBe(true);
      expect(picks.match({ name: 'drop.png', size: 3 })?.group.inDialog).toBe(true);
    });
  }

  it('is false outside any dialog, and for aria-modal="false" or a plain role', () => {
    const notModal = document.createElement('div');
    notModal.setAttribute('aria-modal', 'false');
    notModal.setAttribute('role', 'region');
    document.body.append(notModal);
    change(fileInput(notModal), [file('a.png', 1)]);
    drop(document.body, [file('b.png', 2)]);
    expect(picks.match({ name: 'a.png', size: 1 })?.group.inDialog).toBe(false);
    expect(picks.match({ name: 'b.png', size: 2 })?.group.inDialog).toBe(false);
  });
});

describe('match', () => {
  it('finds the newest group holding a file of the same size and name', () => {
    const input = fileInput();
    const older = file('a.png', 10);
    change(input, [older]);
    clock += 1000;
    const newer = file('a.png', 10);
    change(input, [newer, file('other.png', 99)]);
    const m = picks.match({ name: 'a.png', size: 10 });
    expect(m?.file).toBe(newer);
    expect(m?.group.files).toHaveLength(2);
  });

  it('needs the name to match when the upload names one: same size, other name → null', () => {
    change(fileInput(), [file('a.png', 10)]);
    expect(picks.match({ name: 'b.png', size: 10 })).toBeNull();
    expect(picks.match({ name: 'a.png', size: 11 })).toBeNull();
  });

  it('a nameless upload matches by size alone, the picked file included', () => {
    const input = fileInput();
    const a = file('a.png', 10);
    change(input, [a]);
    clock += 1000;
    change(input, [file('b.png', 20)]);
    const m = picks.match({ name: null, size: 10 });
    expect(m?.file).toBe(a);
    expect(m?.group.files).toEqual([a]);
  });

  it('a nameless upload of no picked size derives from the newest unanswered group of the last DECISION_REUSE_MS', () => {
    const input = fileInput();
    change(input, [file('old.png', 10)]);
    const oldGroup = picks.match({ name: 'old.png', size: 10 })!.group;
    clock += 1000;
    change(input, [file('new.png', 20)]);
    const newGroup = picks.match({ name: 'new.png', size: 20 })!.group;

    expect(picks.match({ name: null, size: 12345 })).toEqual({ group: newGroup, file: null });
    // An answered group no longer takes derived uploads: the next unanswered one does.
    picks.decide(newGroup, true);
    expect(picks.match({ name: null, size: 12345 })).toEqual({ group: oldGroup, file: null });
    picks.decide(oldGroup, false);
    expect(picks.match({ name: null, size: 12345 })).toBeNull();
  });

  it('derives only within DECISION_REUSE_MS of the pick (but size matches last PICK_MAX_AGE_MS)', () => {
    change(fileInput(), [file('a.png', 10)]);
    const group = picks.match({ name: 'a.png', size: 10 })!.group;
    clock += DECISION_REUSE_MS;
    expect(picks.match({ name: null, size: 1 })?.group).toBe(group);
    clock += 1;
    expect(picks.match({ name: null, size: 1 })).toBeNull();
    expect(picks.match({ name: null, size: 10 })?.group).toBe(group);
    expect(picks.match({ name: 'a.png', size: 10 })?.group).toBe(group);
  });

  it('a named upload without a matching file never derives from a group', () => {
    change(fileInput(), [file('a.png', 10)]);
    expect(picks.match({ name: 'thumbnail.png', size: 3 })).toBeNull();
  });

  it('forgets groups older than PICK_MAX_AGE_MS', () => {
    change(fileInput(), [file('a.png', 10)]);
    clock += PICK_MAX_AGE_MS;
    expect(picks.match({ name: 'a.png', size: 10 })).not.toBeNull();
    clock += 1;
    expect(picks.match({ name: 'a.png', size: 10 })).toBeNull();
    expect(picks.match({ name: null, size: 10 })).toBeNull();
    // Forgotten for good, even if the clock were to go back.
    clock -= 10;
    expect(picks.match({ name: 'a.png', size: 10 })).toBeNull();
  });

  it('keeps at most 16 groups, dropping the oldest', () => {
    const input = fileInput();
    for (let i = 1; i <= 17; i++) {
      change(input, [file(`f${i}.png`, i)]);
      clock += 1;
    }
    expect(picks.match({ name: 'f1.png', size: 1 })).toBeNull();
    for (let i = 2; i <= 17; i++) expect(picks.match({ name: `f${i}.png`, size: i }), `f${i}`).not.toBeNull();
  });

  it('uses Date.now by default', () => {
    vi.useFakeTimers();
    vi.setSystemTime(5_000_000);
    const tracker = createPickTracker(document);
    try {
      change(fileInput(), [file('a.png', 10)]);
      expect(tracker.match({ name: 'a.png', size: 10 })?.group.at).toBe(5_000_000);
      vi.setSystemTime(5_000_000 + PICK_MAX_AGE_MS + 1);
      expect(tracker.match({ name: 'a.png', size: 10 })).toBeNull();
    } finally {
      tracker.stop();
    }
  });
});

describe('decide and answer', () => {
  it('answer is null until decided, then the decision until DECISION_REUSE_MS after it', () => {
    const input = fileInput();
    change(input, [file('a.png', 10)]);
    change(input, [file('b.png', 20)]);
    const a = picks.match({ name: 'a.png', size: 10 })!.group;
    const b = picks.match({ name: 'b.png', size: 20 })!.group;
    expect(picks.answer(a)).toBeNull();

    clock += 5000; // the reuse window counts from the decision, not the pick
    picks.decide(a, true);
    picks.decide(b, false);
    expect(a.decision).toEqual({ allow: true, at: clock });
    expect(picks.answer(a)).toBe(true);
    expect(picks.answer(b)).toBe(false);

    clock += DECISION_REUSE_MS;
    expect(picks.answer(a)).toBe(true);
    expect(picks.answer(b)).toBe(false);
    clock += 1;
    expect(picks.answer(a)).toBeNull();
    expect(picks.answer(b)).toBeNull();
  });
});

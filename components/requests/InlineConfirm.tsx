import { useEffect, useRef } from 'preact/hooks';

export interface InlineConfirmProps {
  /** Names the buttons `${name}-confirm` and `${name}-cancel`, and the question `${name}-ask`. */
  name: string;
  question: string;
  yes: string;
  no: string;
  onYes(): void;
  onNo(): void;
}

/**
 * A question asked in place of a destructive button: focus starts on the safe answer, Escape is "no". Where focus goes
 * after it closes is the caller's (it knows whether the button it replaced is still there).
 */
export function InlineConfirm({ name, question, yes, no, onYes, onNo }: InlineConfirmProps) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div class="confirm-inline" role="group" aria-labelledby={`${name}-ask`} onKeyDown={(e) => e.key === 'Escape' && onNo()}>
      <p id={`${name}-ask`}>{question}</p>
      <div class="actions">
        <button type="button" name={`${name}-confirm`} class="danger-button" onClick={onYes}>
          {yes}
        </button>
        <button ref={keep} type="button" name={`${name}-cancel`} class="secondary-button" onClick={onNo}>
          {no}
        </button>
      </div>
    </div>
  );
}

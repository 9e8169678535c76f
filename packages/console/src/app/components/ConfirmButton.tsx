import { useState } from "preact/hooks";
import { ErrorNotice } from "./Notice";

export interface ConfirmButtonProps {
  /** The first button's text ("Disconnect", "Revoke"), and its accessible name when several stand on one page. */
  label: string;
  labelFor?: string;
  /** The second button's text: it names what goes ("Yes, revoke Claude"). */
  confirm: string;
  /** The request; a failure stays on screen next to the buttons. */
  act(): Promise<unknown>;
  onDone(): void;
}

/** A step that cannot be undone asks once more: the first press shows "Yes, ..." and Cancel. */
export function ConfirmButton({ label, labelFor, confirm, act, onDone }: ConfirmButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async () => {
    setError(undefined);
    try {
      await act();
      setConfirming(false);
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div class="actions">
      {confirming ? (
        <>
          <button type="button" class="danger" onClick={() => void run()}>
            {confirm}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)} aria-label={labelFor}>
          {label}
        </button>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
    </div>
  );
}

import { useEffect, useId, useRef } from 'react';

interface ConfirmDialogProps {
  title: string;
  /** Plain text: shown as text, never as markup. */
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  isBusy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question with two answers, on the native `<dialog>`: focus is trapped and restored
 * by the browser (the first button, Cancel, gets it), Escape cancels. Mount it to ask, unmount
 * it to close.
 */
export const ConfirmDialog = ({
  title,
  message,
  confirmLabel,
  cancelLabel,
  isBusy = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) => {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      onCancel={(event) => {
        // Escape: let React decide, so the dialog closes by being unmounted.
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">
        {title}
      </h2>
      <p id={messageId}>{message}</p>
      <div className="confirm-dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={onConfirm}
          disabled={isBusy}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
};

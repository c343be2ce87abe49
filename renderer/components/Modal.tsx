import { useEffect, useId, useRef, type ReactNode } from 'react';

type ModalProps = {
  open: boolean;
  title: ReactNode;
  /** Escape and the close button. */
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'normal' | 'wide';
  /** Shown under the title, e.g. the patient and time of the session. */
  subtitle?: ReactNode;
};

/**
 * A modal on <dialog>: the browser keeps focus inside and makes the page behind inert.
 * Focus returns to what opened it when it closes, so a keyboard user keeps their place.
 */
export function Modal({ open, title, onClose, children, footer, size = 'normal', subtitle }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    }
  }, [open]);

  useEffect(
    () => () => {
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    },
    [],
  );

  return (
    <dialog
      ref={ref}
      className={`dialog modal${size === 'wide' ? ' modal--wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <div className="modal__head">
            <div>
              <h2 className="dialog__title modal__title" id={titleId}>
                {title}
              </h2>
              {subtitle ? <p className="modal__subtitle">{subtitle}</p> : null}
            </div>
          </div>
          <div className="modal__body">{children}</div>
          {footer ? <div className="dialog__actions modal__footer">{footer}</div> : null}
          {/* Last in the tab order, so opening the dialog focuses its first field, not Close. */}
          <button type="button" className="modal__close" onClick={onClose} aria-label="Close">
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
          </button>
        </>
      ) : null}
    </dialog>
  );
}

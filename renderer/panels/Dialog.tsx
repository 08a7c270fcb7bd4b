import { useEffect, useRef, type ReactNode } from 'react';
import { getAppStore } from '../store';

export function Dialog({
  title,
  children,
  footer,
  testId,
  wide,
  onClose,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  testId: string;
  wide?: boolean;
  /** Called on Escape and on a click outside (default: close the store's dialog). */
  onClose?: () => void;
}) {
  const close = onClose ?? (() => getAppStore().getState().closeDialog());
  const closeRef = useRef(close);
  closeRef.current = close;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className="dialog"
        role="dialog"
        aria-label={title}
        data-testid={testId}
        style={wide ? { width: 860 } : undefined}
      >
        <div className="dlg-title">{title}</div>
        <div className="dlg-body">{children}</div>
        {footer && <div className="dlg-foot">{footer}</div>}
      </div>
    </div>
  );
}

import { useEffect, type ReactNode } from 'react';
import { getAppStore } from '../store';

export function Dialog({
  title,
  children,
  footer,
  testId,
  wide,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  testId: string;
  wide?: boolean;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') getAppStore().getState().closeDialog();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div
      className="overlay"
      onMouseDown={(e) => e.target === e.currentTarget && getAppStore().getState().closeDialog()}
    >
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

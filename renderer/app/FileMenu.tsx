/**
 * The File menu of the toolbar (both hosts; Electron also has it in its
 * application menu): new, open, import, export, versions, save, save as.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { runCommand } from '../commands';

interface Item {
  id: string;
  label: MessageKey;
  shortcut?: string;
  run: () => void;
}

const ITEMS: Item[][] = [
  [
    { id: 'new', label: 'toolbar.new', run: () => runCommand({ command: 'new' }) },
    { id: 'open', label: 'toolbar.open', shortcut: 'Ctrl+O', run: () => runCommand({ command: 'open' }) },
  ],
  [
    { id: 'import', label: 'file.import', run: () => runCommand({ command: 'import' }) },
    { id: 'export', label: 'toolbar.export', run: () => runCommand({ command: 'export' }) },
  ],
  [{ id: 'versions', label: 'file.versions', run: () => runCommand({ command: 'versions' }) }],
  [
    { id: 'save', label: 'toolbar.save', shortcut: 'Ctrl+S', run: () => runCommand({ command: 'save' }) },
    { id: 'save-as', label: 'toolbar.saveAs', shortcut: 'Ctrl+Shift+S', run: () => runCommand({ command: 'saveAs' }) },
  ],
];

export function FileMenu() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState({ left: 0, top: 0 });
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', away);
    window.addEventListener('keydown', key);
    return () => {
      window.removeEventListener('mousedown', away);
      window.removeEventListener('keydown', key);
    };
  }, [open]);
  return (
    <div className="menu-wrap" ref={ref}>
      <button
        className={`btn${open ? ' active' : ''}`}
        data-testid="btn-file"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={(e) => {
          // The toolbar clips its overflow: the menu is placed in the viewport below the button.
          const r = e.currentTarget.getBoundingClientRect();
          setAt({ left: r.left, top: r.bottom + 2 });
          setOpen((o) => !o);
        }}
      >
        {t('file.menu')} ▾
      </button>
      {open && (
        <div className="menu" role="menu" data-testid="file-menu" style={at}>
          {ITEMS.map((group, gi) => (
            <div key={gi} className="menu-group">
              {group.map((item) => (
                <button
                  key={item.id}
                  role="menuitem"
                  className="menu-item"
                  data-testid={`menu-${item.id}`}
                  onClick={() => {
                    setOpen(false);
                    item.run();
                  }}
                >
                  <span>{t(item.label)}</span>
                  {item.shortcut && <span className="shortcut">{item.shortcut}</span>}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

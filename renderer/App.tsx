import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useI18n } from './i18n';
import { getAppStore, isDirty, useApp } from './store';
import { getSession } from './app/session';
import { Toolbar } from './app/Toolbar';
import { StatusBar } from './app/StatusBar';
import { Notices } from './app/Notices';
import { StartupNotices } from './app/StartupNotices';
import { RecoveryOffer } from './app/RecoveryOffer';
import { ComparePanel } from './panels/ComparePanel';
import { Palette } from './canvas/Palette';
import { Canvas } from './canvas/Canvas';
import { Inspector } from './panels/Inspector';
import { BottomPanel } from './panels/BottomPanel';
import { OpenDialog } from './panels/OpenDialog';
import { SaveAsDialog } from './panels/SaveAsDialog';
import { TemplatesDialog } from './panels/TemplatesDialog';
import { ElevationDialog } from './panels/ElevationDialog';
import { ExpandFabricDialog } from './panels/ExpandFabricDialog';
import { PlannerDialog } from './planner/PlannerDialog';
import { ExportDialog, useExportDialog } from './panels/ExportDialog';
import { runCommand, usePanels } from './commands';
import { ImportErrorDialog } from './panels/ImportErrorDialog';
import { VersionsDialog } from './panels/VersionsDialog';

function isEditableTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const s = getAppStore().getState();
      if (mod && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (e.shiftKey) s.openDialog('saveAs');
        else void getSession().save();
        return;
      }
      if (isEditableTarget(e.target) || s.dialog !== 'none' || useExportDialog.getState().open) return;
      const k = e.key.toLowerCase();
      if (mod && k === 'z' && !e.shiftKey) {
        e.preventDefault();
        s.undo();
      } else if (mod && (k === 'y' || (k === 'z' && e.shiftKey))) {
        e.preventDefault();
        s.redo();
      } else if (mod && k === 'c') {
        s.copy();
      } else if (mod && k === 'v') {
        e.preventDefault();
        s.paste();
      } else if (mod && k === 'd') {
        e.preventDefault();
        s.duplicate();
      } else if (mod && k === 'a') {
        e.preventDefault();
        runCommand({ command: 'selectAll' });
      } else if (mod && k === 'o') {
        e.preventDefault();
        s.openDialog('open');
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        if (s.selectedIds.length) {
          e.preventDefault();
          s.deleteSelection();
        }
      } else if (e.key === 'Escape') {
        s.clearSelection();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * A file dropped anywhere but the canvas would make the browser open it in place of
 * the workbench (unsaved edits gone): such drops are refused outside the canvas.
 */
function useFileDropGuard(): void {
  useEffect(() => {
    const guard = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      const onCanvas = (e.target as Element | null)?.closest?.('[data-testid="canvas"]');
      if (!onCanvas) {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
      }
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    return () => {
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, []);
}

function useTitle(): void {
  const { t } = useI18n();
  const name = useApp((s) => s.design.name);
  const dirty = useApp(isDirty);
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${name} — ${t('app.title')}`;
  }, [name, dirty, t]);
}

export function App() {
  const theme = useApp((s) => s.theme);
  const dialog = useApp((s) => s.dialog);
  const [bottomH, setBottomH] = useState(280);
  const panels = usePanels();
  const allPanels = panels.palette && panels.inspector && panels.results;
  useKeyboard();
  useTitle();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => getSession().api.onMenuCommand(runCommand), []);
  useFileDropGuard();
  const startResize = (e: React.PointerEvent) => {
    const y0 = e.clientY;
    const h0 = bottomH;
    const move = (ev: PointerEvent) =>
      setBottomH(Math.max(120, Math.min(window.innerHeight - 200, h0 - (ev.clientY - y0))));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return (
    <ReactFlowProvider>
      <div className="app" data-testid="app">
        <Toolbar />
        <div
          className="workspace"
          data-panels={`${panels.palette ? 'p' : ''}${panels.inspector ? 'i' : ''}${panels.results ? 'r' : ''}`}
          style={{
            ['--bottom-h' as string]: `${bottomH}px`,
            // Only when a panel is hidden: otherwise styles.css lays the workspace out.
            gridTemplateColumns:
              panels.palette && panels.inspector
                ? undefined
                : `${panels.palette ? '232px' : '0'} minmax(0, 1fr) ${panels.inspector ? '300px' : '0'}`,
            gridTemplateRows: panels.results ? undefined : 'minmax(0, 1fr) 0',
          }}
        >
          {panels.palette && <Palette />}
          <div
            className="canvas-wrap"
            style={allPanels ? undefined : { gridColumn: 2, gridRow: panels.results ? 1 : '1 / 3' }}
          >
            <Canvas />
            <Notices />
            <StartupNotices />
            <RecoveryOffer />
          </div>
          {panels.inspector && <Inspector />}
          {panels.results && (
            <div className="bottom">
              <div className="resizer" onPointerDown={startResize} />
              <BottomPanel />
            </div>
          )}
        </div>
        <StatusBar />
        <ComparePanel />
        {dialog === 'open' && <OpenDialog />}
        {dialog === 'saveAs' && <SaveAsDialog />}
        {dialog === 'templates' && <TemplatesDialog />}
        {dialog === 'elevation' && <ElevationDialog />}
        {dialog === 'expandFabric' && <ExpandFabricDialog />}
        {dialog === 'versions' && <VersionsDialog />}
        <ExportDialog />
        <ImportErrorDialog />
        {dialog === 'planner' && (
          <PlannerDialog
            onClose={() => getAppStore().getState().closeDialog()}
            onOpenDesign={(d) => {
              if (!getSession().confirmDiscard()) return;
              getAppStore().getState().loadDesign(d, false);
              getAppStore().getState().closeDialog();
            }}
          />
        )}
      </div>
    </ReactFlowProvider>
  );
}

/**
 * Commands of the menus (Electron application menu, the toolbar's File menu) and
 * keyboard shortcuts, and which side panels are shown.
 */
import { create } from 'zustand';
import type { MenuCommand } from '../core/api';
import { getAppStore } from './store';
import { getSession } from './app/session';
import { fitCanvas, zoomCanvas } from './canvas/Canvas';
import { entityIndex } from './canvas/select';
import { openExportDialog } from './panels/ExportDialog';

/** Which side panels are shown (View menu: togglePalette / toggleInspector / toggleResults). */
export interface PanelsState {
  palette: boolean;
  inspector: boolean;
  results: boolean;
}
export const usePanels = create<PanelsState>(() => ({ palette: true, inspector: true, results: true }));
export function togglePanel(p: keyof PanelsState): void {
  usePanels.setState((s) => ({ [p]: !s[p] }));
}

/** Run a menu or keyboard command. */
export function runCommand(cmd: MenuCommand): void {
  const s = getAppStore().getState();
  const session = getSession();
  switch (cmd.command) {
    case 'new':
      session.newDesign();
      break;
    case 'open':
      s.openDialog('open');
      break;
    case 'save':
      void session.save();
      break;
    case 'saveAs':
      s.openDialog('saveAs');
      break;
    case 'undo':
      s.undo();
      break;
    case 'redo':
      s.redo();
      break;
    case 'delete':
      s.deleteSelection();
      break;
    case 'fitView':
      fitCanvas();
      break;
    case 'selectAll':
      s.select([...entityIndex(s.design).keys()]);
      break;
    case 'zoomIn':
      zoomCanvas(1.25);
      break;
    case 'zoomOut':
      zoomCanvas(0.8);
      break;
    case 'zoomReset':
      zoomCanvas(0);
      break;
    case 'openDesign':
      if (session.confirmDiscard()) void session.openDesign(cmd.id);
      break;
    case 'import':
      void session.importFromPicker();
      break;
    case 'togglePalette':
      togglePanel('palette');
      break;
    case 'toggleInspector':
      togglePanel('inspector');
      break;
    case 'toggleResults':
      togglePanel('results');
      break;
    case 'export':
      openExportDialog();
      break;
    case 'versions':
      s.openDialog('versions');
      break;
    default:
      break;
  }
}

/**
 * Preload (sandboxed, context-isolated): exposes the WorkbenchApi bridge on
 * `window.cwb`. Only named channels are reachable; ipcRenderer itself is never
 * exposed. Arguments are validated again in the main process.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_INVOKE_PREFIX,
  IPC_MENU_CHANNEL,
  IPC_OPEN_FILE,
  IPC_SAVE_FILE,
  IPC_SAVE_REPORT,
  isHostMethod,
  type CwbBridge,
  type IpcReply,
  type MenuCommand,
} from '../core/api';

const bridge = {
  host: 'electron',
  invoke: (method, args) => {
    if (!isHostMethod(method)) {
      return Promise.resolve<IpcReply>({
        ok: false,
        error: { error: `unknown method "${String(method)}"`, path: 'method' },
      });
    }
    return ipcRenderer.invoke(IPC_INVOKE_PREFIX + method, args) as Promise<IpcReply>;
  },
  openDesignFile: () => ipcRenderer.invoke(IPC_OPEN_FILE) as ReturnType<CwbBridge['openDesignFile']>,
  saveDesignFile: (args) => ipcRenderer.invoke(IPC_SAVE_FILE, args) as ReturnType<CwbBridge['saveDesignFile']>,
  saveReportFile: (args) => ipcRenderer.invoke(IPC_SAVE_REPORT, args) as ReturnType<CwbBridge['saveReportFile']>,
  onMenuCommand: (cb) => {
    const listener = (_event: IpcRendererEvent, cmd: MenuCommand) => cb(cmd);
    ipcRenderer.on(IPC_MENU_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(IPC_MENU_CHANNEL, listener);
    };
  },
} satisfies CwbBridge;

contextBridge.exposeInMainWorld('cwb', bridge);

/**
 * The renderer's access to its host. In Electron the preload script exposes the
 * API's bridge on `window.cwb` (wrapped here so errors keep their field path); in the browser host it is reached over HTTP with the
 * per-run token from the page address (`?token=`), kept in sessionStorage so a
 * reload (or a client-side route change) keeps working.
 */
import { createBridgeApi, type CwbBridge, type WorkbenchApi } from '../../core/api';
import { createHttpApi } from './http';

export { ApiError } from '../../core/api';
export type { WorkbenchApi } from '../../core/api';
export { createHttpApi } from './http';

declare global {
  interface Window {
    /** Set by the Electron preload script. */
    cwb?: CwbBridge;
  }
}

const TOKEN_KEY = 'cwb.token';
let cached: WorkbenchApi | undefined;

/** The per-run token of the browser host: from `?token=`, else from this tab's session. */
export function readToken(): string | null {
  let fromUrl: string | null = null;
  try {
    fromUrl = new URLSearchParams(window.location.search).get('token');
  } catch {
    fromUrl = null;
  }
  try {
    if (fromUrl) {
      window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
      return fromUrl;
    }
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return fromUrl;
  }
}

/** Which host the page runs in. */
export function hostKind(): 'electron' | 'browser' {
  return typeof window !== 'undefined' && window.cwb ? 'electron' : 'browser';
}

/** The WorkbenchApi of this page's host. Throws when the browser host's token is missing. */
export function getApi(): WorkbenchApi {
  if (cached) return cached;
  if (typeof window !== 'undefined' && window.cwb) {
    cached = createBridgeApi(window.cwb);
    return cached;
  }
  const token = readToken();
  if (!token) {
    throw new Error('No access token: open the full address printed by `npm start` (it ends in ?token=...).');
  }
  cached = createHttpApi({ token });
  return cached;
}

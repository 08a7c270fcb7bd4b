/**
 * WorkbenchApi over HTTP, for the browser host (electron/serve.ts).
 * Every host method is `POST /api/<method>` with the argument object as JSON and
 * the per-run token in `Authorization: Bearer`. Errors come back as ApiError with
 * the field path the host reported.
 */
import {
  ApiError,
  HOST_METHODS,
  MAX_IMPORT_BYTES,
  DESIGN_FILE_SUFFIX,
  type ApiErrorBody,
  type HostMethodName,
  type HostMethods,
  type ImportResult,
  type ReportFile,
  type WorkbenchApi,
} from '../../core/api';

export interface HttpApiOptions {
  token: string;
  /** Origin + path prefix of the host, default: the page's origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as { error?: unknown }).error === 'string';
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError({
      error: 'file: is not UTF-8 text, so it is not a Cluster Workbench design file',
      path: 'file',
      code: 'not-text',
    });
  }
}

function tooLarge(bytes: number): ApiError {
  return new ApiError({
    error: `file: is ${(bytes / 1048576).toFixed(1)} MB; design files larger than 100 MB are not accepted`,
    path: 'file',
    code: 'too-large',
  });
}

export function createHttpApi(opts: HttpApiOptions): WorkbenchApi {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = (opts.baseUrl ?? (typeof location !== 'undefined' ? location.origin : '')).replace(/\/+$/, '');

  /** POST the arguments as JSON, or (importDesign of a file) the file's bytes as they are. */
  async function call(method: HostMethodName, args: unknown, file?: { name: string; bytes: Uint8Array<ArrayBuffer> }): Promise<unknown> {
    let res: Response;
    try {
      res = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: file
          ? { 'Content-Type': 'application/octet-stream', 'x-cwb-file-name': encodeURIComponent(file.name), Authorization: `Bearer ${opts.token}` }
          : { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.token}` },
        body: file ? file.bytes : JSON.stringify(args ?? {}),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError({
        error: `The Cluster Workbench host is not reachable (${e instanceof Error ? e.message : String(e)}). Is \`npm start\` still running?`,
        code: 'host-unreachable',
      });
    }
    let body: unknown = null;
    const text = await res.text();
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = { error: text.slice(0, 500) };
      }
    }
    if (res.ok) return body;
    if (res.status === 401) {
      throw new ApiError(
        {
          error: 'The access token is missing or out of date: open the address printed by `npm start` again.',
          code: 'unauthorized',
        },
        401,
      );
    }
    throw new ApiError(isErrorBody(body) ? body : { error: `HTTP ${res.status}` }, res.status);
  }

  const host = Object.fromEntries(
    HOST_METHODS.map((m) => [m, (args?: unknown) => call(m, args)]),
  ) as unknown as HostMethods;

  const importDesign: HostMethods['importDesign'] = async (args) => {
    if (args.bytes !== undefined) {
      if (args.bytes.byteLength > MAX_IMPORT_BYTES) throw tooLarge(args.bytes.byteLength);
      // Refuse what is not text at once; send the bytes raw (no JSON escaping, the host checks them again).
      decodeUtf8(args.bytes);
      const bytes = args.bytes.buffer instanceof ArrayBuffer ? (args.bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(args.bytes);
      return (await call('importDesign', undefined, { name: args.fileName, bytes })) as ImportResult;
    }
    return (await call('importDesign', args)) as ImportResult;
  };

  return {
    ...host,
    importDesign,
    openDesignFile: () => pickAndImport(importDesign),
    saveDesignFile: async ({ id }) => {
      const { fileName, text } = await host.exportDesign({ id });
      download(fileName, text);
      return { saved: true, fileName };
    },
    saveReportFile: async (args) => {
      const report = (await call('exportReport', args)) as ReportFile;
      download(report.fileName, base64ToBytes(report.base64), report.mime);
      return { saved: true, fileName: report.fileName };
    },
    // The browser has no application menu; keyboard shortcuts are handled by the UI.
    onMenuCommand: () => () => undefined,
  };
}

/** Let the user pick a file (must run from a user gesture) and import it; null when cancelled. */
function pickAndImport(importDesign: HostMethods['importDesign']): Promise<ImportResult | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = `${DESIGN_FILE_SUFFIX},.json,application/json`;
    input.style.display = 'none';
    let settled = false;
    const done = () => {
      settled = true;
      input.remove();
    };
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      done();
      if (!file) {
        resolve(null);
        return;
      }
      if (file.size > MAX_IMPORT_BYTES) {
        reject(tooLarge(file.size));
        return;
      }
      file
        .arrayBuffer()
        .then((buf) => importDesign({ fileName: file.name, bytes: new Uint8Array(buf) }))
        .then(resolve, reject);
    });
    input.addEventListener('cancel', () => {
      if (!settled) {
        done();
        resolve(null);
      }
    });
    document.body.appendChild(input);
    input.click();
  });
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function download(fileName: string, data: string | Uint8Array<ArrayBuffer>, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

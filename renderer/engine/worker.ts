/// <reference lib="webworker" />
/** The engine worker: evaluates the design it is sent and posts the results back. */
import { evaluate } from '../../core/evaluate';
import { createCatalog } from '../../core/catalog';
import type { CatalogPart } from '../../core/catalog/types';
import type { EngineRequest, EngineResponse } from './protocol';

let lastParts: CatalogPart[] | null = null;
let catalog = createCatalog();
let latest = 0;

self.onmessage = (ev: MessageEvent<EngineRequest>) => {
  const { seq, design, customParts, timeline } = ev.data;
  latest = Math.max(latest, seq);
  // A newer snapshot is already queued behind this one: skip the stale work.
  setTimeout(() => {
    if (seq < latest) return;
    if (customParts !== lastParts) {
      catalog = createCatalog(customParts);
      lastParts = customParts;
    }
    const t0 = performance.now();
    let msg: EngineResponse;
    try {
      const results = evaluate(design, { catalog, timeline: timeline === true });
      msg = { seq, ok: true, results, ms: performance.now() - t0 };
    } catch (e) {
      const err = e as { message?: string; path?: string };
      msg = { seq, ok: false, error: err.message ?? String(e), path: err.path, ms: performance.now() - t0 };
    }
    (self as unknown as Worker).postMessage(msg);
  }, 0);
};

/**
 * The host's evaluation thread (worker_threads): evaluates a design and renders
 * its report file, so the host's event loop never runs the engine and a design
 * that takes too long can be stopped (see evaluator.ts). No electron import.
 */
import { parentPort } from 'node:worker_threads';
import { createCatalog } from '../../core/catalog';
import { EngineError, InputError } from '../../core/errors';
import { evaluate } from '../../core/evaluate';
import { renderReportFile } from '../../core/report';
import type { EvalJob, EvalReply } from './evaluator';

function fail(id: number, e: unknown): EvalReply {
  if (e instanceof InputError || e instanceof EngineError) {
    const detail = e.path && e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
    return { id, ok: false, kind: e instanceof InputError ? 'input' : 'engine', path: e.path, detail, code: (e as { code?: string }).code };
  }
  return { id, ok: false, kind: 'internal', path: '', detail: e instanceof Error ? e.message : String(e) };
}

parentPort?.on('message', (job: EvalJob) => {
  let reply: EvalReply;
  try {
    const catalog = createCatalog(job.customParts);
    // the step timeline is drawn in the HTML report (and the PDF printed from it)
    const results = evaluate(job.design, { catalog, timeline: job.format === 'html' || job.format === 'pdf' });
    const file = renderReportFile(job.design, results, job.format, { lang: job.lang, date: job.date, appVersion: job.appVersion, catalog });
    reply = { id: job.id, ok: true, file };
  } catch (e) {
    reply = fail(job.id, e);
  }
  parentPort!.postMessage(reply);
});

// Loaded and listening: the evaluator starts a job's time budget from here.
parentPort?.postMessage({ ready: true });

/**
 * Reports: design + evaluate()'s Results -> report model -> HTML, Markdown,
 * CSV (BOM), XLSX (BOM and power sheets) or JSON (design + results).
 * Pure: no Node imports. PDF is the HTML printed by Chromium (core/cli/report.ts)
 * or by Electron's printToPDF (use `reportHtml`).
 */
import type { Design } from '../model';
import type { Results } from '../evaluate';
import { buildReport, type BuildOptions } from './build';
import { bomCsv } from './csv';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { ReportModel } from './model';
import { writeXlsx } from './xlsx';

export type ReportFormat = 'pdf' | 'html' | 'md' | 'csv' | 'xlsx' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'html', 'md', 'csv', 'xlsx', 'json'];
export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/** MIME type of each format (for save dialogs and HTTP hosts). */
export const REPORT_MIME: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
};

/** The JSON export: the design document and its results, as evaluate() returned them. */
export function reportJson(design: Design, results: Results, meta: { date: string; appVersion: string }): string {
  // the step timeline (intervals per stage and micro-batch) is drawn, not exported: `cwb estimate --timeline` lists it
  const out: Results = results.training?.timeline ? { ...results, training: { ...results.training, timeline: undefined } } : results;
  return JSON.stringify({ generator: { name: 'Cluster Workbench', version: meta.appVersion, date: meta.date }, design, results: out }, null, 2) + '\n';
}

/**
 * Write a report model in one format. PDF is not produced here (it needs a
 * browser engine): render 'html' and print it.
 */
export function renderReport(
  model: ReportModel,
  format: Exclude<ReportFormat, 'pdf'>,
  source: { design: Design; results: Results },
): string | Uint8Array {
  switch (format) {
    case 'html':
      return renderHtml(model);
    case 'md':
      return renderMarkdown(model);
    case 'csv':
      return bomCsv(model.bom);
    case 'xlsx':
      return writeXlsx(model.sheets);
    case 'json':
      return reportJson(source.design, source.results, { date: model.cover.date, appVersion: model.cover.appVersion });
  }
}

/** File name extension of each format. */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { pdf: 'pdf', html: 'html', md: 'md', csv: 'csv', xlsx: 'xlsx', json: 'json' };

/**
 * One report file for a host's export: the bytes/text, MIME type and extension.
 * For 'pdf' it returns the HTML to print (`print: true`): the host prints it
 * (Electron printToPDF, or Chromium in the CLI) and saves the PDF.
 */
export function renderReportFile(
  design: Design,
  results: Results,
  format: ReportFormat,
  opts: BuildOptions,
): { data: string | Uint8Array; mime: string; extension: string; print: boolean } {
  const model = buildReport(design, results, opts);
  const data = renderReport(model, format === 'pdf' ? 'html' : format, { design, results });
  return { data, mime: format === 'pdf' ? REPORT_MIME.html : REPORT_MIME[format], extension: REPORT_EXTENSIONS[format], print: format === 'pdf' };
}

/** The standalone HTML report of a design: what the desktop app prints to PDF. */
export function reportHtml(design: Design, results: Results, opts: BuildOptions): string {
  return renderHtml(buildReport(design, results, opts));
}

export { buildReport, type BuildOptions } from './build';
export { compareReport, compareReportHtml, compareReportMarkdown, compareSections, type CompareEntry, type CompareOptions } from './compare';
export { bomCsv, parseBomCsv, parseCsv, toCsv, BOM_COLUMNS } from './csv';
export { formatNumber, formatNum, formatBytes, num, MISSING, type Num, type NumStyle } from './format';
export { renderHtml, REPORT_CSS } from './html';
export { MESSAGES, translator, isLang, type MsgKey, type Translate } from './i18n';
export { renderMarkdown } from './markdown';
export { writeXlsx, readXlsx } from './xlsx';
export type * from './model';
export { LANGS } from './model';

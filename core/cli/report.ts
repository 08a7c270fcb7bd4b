/**
 * `cwb report FILE [FILE...] --format pdf|html|md|csv|xlsx|json -o OUT [--lang en|zh-CN] [--compare]`
 *
 * FILE is a design document (`.cwb.json`, anything with `schemaVersion`) or a
 * CLI scenario. The design is evaluated once and the report written from the
 * Results. PDF is the HTML report printed by a local Chromium through
 * playwright-core. Returns (and optionally prints) {output, format, bytes, pages?}.
 * Bad input throws InputError (the caller exits 2 with its message).
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { DEFAULT_CATALOG } from '../catalog';
import { InputError } from '../errors';
import { evaluate } from '../evaluate';
import type { Design } from '../model';
import {
  buildReport,
  compareReportHtml,
  compareReportMarkdown,
  isLang,
  isReportFormat,
  renderReport,
  type Lang,
  type ReportFormat,
} from '../report';
import { checkFacilityInput, loadDesignOrScenario } from './commands';
import { checkOutputPath, writeFileAtomicSync } from './io';

export interface ReportIo {
  /** When given, receives the result as one JSON line (main.ts prints the returned value instead). */
  stdout?: (text: string) => void;
  /** Base for relative paths (default: the directory `npm run` was started from, INIT_CWD, else process.cwd()). */
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Report date (default today, UTC). */
  now?: () => Date;
  /** Application version printed on the cover. */
  appVersion?: string;
}

export interface ReportCliResult {
  output: string;
  format: ReportFormat;
  bytes: number;
  pages?: number;
}

export interface ReportArgs {
  files: string[];
  format: ReportFormat | undefined;
  output: string | undefined;
  lang: Lang;
  compare: boolean;
  date: string | undefined;
}

const USAGE = 'usage: cwb report FILE [FILE...] --format pdf|html|md|csv|xlsx|json -o OUT [--lang en|zh-CN] [--compare]';

export function parseReportArgs(argv: readonly string[]): ReportArgs {
  const out: ReportArgs = { files: [], format: undefined, output: undefined, lang: 'en', compare: false, date: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('-') && v !== '-')) throw new InputError(flag, `needs a value (${USAGE})`);
      i++;
      return v;
    };
    switch (flag) {
      case '--format':
      case '-f': {
        const f = value();
        if (!isReportFormat(f.toLowerCase())) {
          throw new InputError('--format', `unknown format "${f}" (use pdf, html, md, csv, xlsx or json)`);
        }
        out.format = f.toLowerCase() as ReportFormat;
        break;
      }
      case '-o':
      case '--output':
      case '--out':
        out.output = value();
        break;
      case '--lang': {
        const l = value();
        if (!isLang(l)) throw new InputError('--lang', `unknown language "${l}" (use en or zh-CN)`);
        out.lang = l;
        break;
      }
      case '--compare':
        out.compare = true;
        break;
      case '--date': {
        const d = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new InputError('--date', `must be YYYY-MM-DD, got "${d}"`);
        out.date = d;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new InputError(flag, `unknown option (${USAGE})`);
        out.files.push(a);
    }
  }
  if (out.files.length === 0) throw new InputError('FILE', `a design or scenario file is required (${USAGE})`);
  if (out.compare) {
    if (out.files.length < 2 || out.files.length > 4) {
      throw new InputError('--compare', `needs 2 to 4 design files, got ${out.files.length}`);
    }
  } else if (out.files.length > 1) {
    throw new InputError('FILE', `one file per report; to compare ${out.files.length} designs add --compare`);
  }
  return out;
}


/** The Chromium to print PDFs with: CWB_CHROMIUM, /usr/bin/chromium, or chromium/google-chrome on PATH. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  const fromEnv = env.CWB_CHROMIUM;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const candidates = ['/usr/bin/chromium'];
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir) for (const n of names) candidates.push(join(dir, n));
  }
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      if (statSync(c).isFile()) return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Print HTML to an A4 PDF with a local Chromium; every network request is refused. */
export async function htmlToPdf(html: string, chromiumPath: string, footerTitle = ''): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    await context.route(/^(?!data:|about:)/, (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const esc = footerTitle.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:7pt;color:#888;width:100%;padding:0 13mm;display:flex;justify-content:space-between;font-family:sans-serif">' +
        `<span>${esc}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}

/** Number of pages of a PDF (its /Type /Page objects). */
export function pdfPageCount(pdf: Uint8Array): number {
  const s = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return (s.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

const EXT: Record<ReportFormat, string> = { pdf: 'pdf', html: 'html', md: 'md', csv: 'csv', xlsx: 'xlsx', json: 'json' };

function defaultOutput(input: string, format: ReportFormat, compare: boolean): string {
  const stem = basename(input).replace(/\.cwb\.json$|\.json$/i, '') || 'report';
  return `${stem}${compare ? '.compare' : ''}.report.${EXT[format]}`;
}

function formatFromExt(path: string): ReportFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'markdown') return 'md';
  if (ext === 'htm') return 'html';
  return ext && isReportFormat(ext) ? ext : undefined;
}

export async function runReport(argv: readonly string[], io: ReportIo = {}): Promise<ReportCliResult> {
  const args = parseReportArgs(argv);
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? env.INIT_CWD ?? process.cwd();
  const format: ReportFormat = args.format ?? (args.output ? formatFromExt(args.output) : undefined) ?? 'html';
  if (args.compare && format !== 'html' && format !== 'md' && format !== 'pdf') {
    throw new InputError('--format', `a comparison report is html, md or pdf, not ${format}`);
  }
  const output = resolve(cwd, args.output ?? defaultOutput(args.files[0]!, format, args.compare));
  checkOutputPath(output);
  const chromiumPath = format === 'pdf' ? findChromium(env) : undefined;
  if (format === 'pdf' && !chromiumPath) {
    throw new InputError(
      '--format',
      'pdf needs Chromium and none was found (looked at CWB_CHROMIUM, /usr/bin/chromium and chromium/google-chrome on PATH): install chromium (e.g. apt-get install chromium) or set CWB_CHROMIUM, or choose --format html',
    );
  }
  const date = args.date ?? (io.now ? io.now() : new Date()).toISOString().slice(0, 10);
  const opts = { lang: args.lang, date, appVersion: io.appVersion ?? '0.1.0', catalog: DEFAULT_CATALOG };

  const entries = args.files.map((f) => {
    let design: Design;
    try {
      design = loadDesignOrScenario(resolve(cwd, f));
    } catch (e) {
      // In a comparison, say which file was bad.
      if (e instanceof InputError && args.files.length > 1) throw new InputError(`${f}: ${e.path}`, e.message.slice(e.path.length + 2));
      throw e;
    }
    return { design, results: checkFacilityInput(evaluate(design, { catalog: DEFAULT_CATALOG, timeline: !args.compare && (format === 'html' || format === 'pdf') })) };
  });

  let data: string | Uint8Array;
  let title: string;
  if (args.compare) {
    title = entries.map((e) => e.design.name).join(' / ');
    data = format === 'md' ? compareReportMarkdown(entries, opts) : compareReportHtml(entries, opts);
  } else {
    const { design, results } = entries[0]!;
    title = design.name;
    const model = buildReport(design, results, opts);
    data = renderReport(model, format === 'pdf' ? 'html' : format, { design, results });
  }
  let pages: number | undefined;
  if (format === 'pdf') {
    data = await htmlToPdf(data as string, chromiumPath!, title);
    pages = pdfPageCount(data);
  }
  const bytes = writeFileAtomicSync(output, data);
  const result: ReportCliResult = pages === undefined ? { output, format, bytes } : { output, format, bytes, pages };
  io.stdout?.(JSON.stringify(result));
  return result;
}



import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { evaluate } from '../evaluate';
import { parseDesign } from '../model';
import { buildReport, formatNumber, parseBomCsv, readXlsx } from '../report';
import { sampleDesign } from '../report/sample-design.fixture';
import { findChromium, parseReportArgs, pdfPageCount, runReport } from './report';

const HAVE_CHROMIUM = existsSync('/usr/bin/chromium');
if (!HAVE_CHROMIUM) {
  console.warn('SKIPPING PDF report tests: /usr/bin/chromium is absent (install chromium to run them)');
}

let dir: string;
let designFile: string;
const design = parseDesign(sampleDesign());
const results = evaluate(design);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-report-'));
  designFile = join(dir, 'pod.cwb.json');
  writeFileSync(designFile, JSON.stringify(sampleDesign()));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const lines: string[] = [];
  const r = await runReport(argv, { stdout: (s) => lines.push(s), now: () => new Date('2026-11-27T12:00:00Z') });
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toEqual(r);
  return r;
}

function inputErrorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

async function asyncInputErrorOf(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('report arguments', () => {
  it('rejects an unknown format, language or option with the field named', () => {
    expect(inputErrorOf(() => parseReportArgs(['a.json', '--format', 'docx'])).message).toBe(
      '--format: unknown format "docx" (use pdf, html, md, csv, xlsx or json)',
    );
    expect(inputErrorOf(() => parseReportArgs(['a.json', '--lang', 'fr'])).path).toBe('--lang');
    expect(inputErrorOf(() => parseReportArgs(['a.json', '--colour'])).path).toBe('--colour');
    expect(inputErrorOf(() => parseReportArgs([])).path).toBe('FILE');
    expect(inputErrorOf(() => parseReportArgs(['a', 'b'])).message).toMatch(/add --compare/);
    expect(inputErrorOf(() => parseReportArgs(['a', '--compare'])).message).toMatch(/2 to 4/);
    expect(inputErrorOf(() => parseReportArgs(['a.json', '-o'])).path).toBe('-o');
    expect(parseReportArgs(['a.json', '--format=MD', '--lang', 'zh-CN', '-o', 'x.md'])).toMatchObject({ format: 'md', lang: 'zh-CN', output: 'x.md', files: ['a.json'] });
  });

  it('refuses an output path it cannot write before doing any work', async () => {
    const e = await asyncInputErrorOf(runReport([designFile, '--format', 'pdf', '-o', '/root/x/y.pdf']));
    expect(e.message).toBe('-o: cannot write /root/x/y.pdf: no such directory');
    const e2 = await asyncInputErrorOf(runReport([designFile, '--format', 'html', '-o', dir]));
    expect(e2.message).toMatch(/is a directory/);
    if (process.getuid?.() !== 0) {
      const ro = join(dir, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      const e3 = await asyncInputErrorOf(runReport([designFile, '--format', 'html', '-o', join(ro, 'r.html')]));
      expect(e3.message).toMatch(/permission denied/);
    }
  });

  it('reports a bad design file with its field path', async () => {
    const bad = join(dir, 'bad.cwb.json');
    writeFileSync(bad, JSON.stringify({ ...sampleDesign(), racks: [{ ...sampleDesign().racks![0]!, heightU: 0 }] }));
    const e = await asyncInputErrorOf(runReport([bad, '--format', 'html', '-o', join(dir, 'bad.html')]));
    expect(e.path).toBe('racks[0].heightU');
    expect(existsSync(join(dir, 'bad.html'))).toBe(false);
    const missing = await asyncInputErrorOf(runReport([join(dir, 'nope.json'), '-o', join(dir, 'n.html')]));
    expect(missing.path).toBe('FILE');
  });

  it('says how to fix a missing Chromium', async () => {
    const e = await asyncInputErrorOf(
      runReport([designFile, '--format', 'pdf', '-o', join(dir, 'x.pdf')], { env: { PATH: '', CWB_CHROMIUM: join(dir, 'no-chromium') } }),
    );
    expect(e.path).toBe('--format');
    expect(e.message).toMatch(/install chromium/);
    expect(e.message).toMatch(/--format html/);
    expect(findChromium({ PATH: '', CWB_CHROMIUM: '/nonexistent/chromium' })).toBeUndefined();
  });
});

describe('report files', () => {
  it('writes HTML, Markdown, CSV, XLSX and JSON with the engine numbers', async () => {
    const html = await run(designFile, '--format', 'html', '-o', join(dir, 'r.html'));
    expect(html).toEqual({ output: join(dir, 'r.html'), format: 'html', bytes: statSync(join(dir, 'r.html')).size });
    const htmlText = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(htmlText).toContain(`${formatNumber(results.facilityPowerKW, 'd1')} kW`);
    expect(htmlText).not.toMatch(/https?:/);

    await run(designFile, '--format', 'md', '-o', join(dir, 'r.md'), '--lang', 'zh-CN');
    const md = readFileSync(join(dir, 'r.md'), 'utf8');
    expect(md).toContain('## 物料清单');
    expect(md).toContain(formatNumber(results.capexUsd, 'usd'));

    await run(designFile, '--format', 'csv', '-o', join(dir, 'bom.csv'));
    expect(parseBomCsv(readFileSync(join(dir, 'bom.csv'), 'utf8'))).toEqual(results.bom);

    await run(designFile, '--format', 'xlsx', '-o', join(dir, 'r.xlsx'));
    const [bom] = readXlsx(new Uint8Array(readFileSync(join(dir, 'r.xlsx'))));
    expect(bom!.rows.map((r) => Object.fromEntries(bom!.columns.map((c, i) => [c, r[i]])))).toEqual(results.bom);

    await run(designFile, '--format', 'json', '-o', join(dir, 'r.json'));
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { results: unknown };
    expect(json.results).toEqual(JSON.parse(JSON.stringify(results)));
  });

  it('compares two designs', async () => {
    const half = join(dir, 'half.cwb.json');
    writeFileSync(half, JSON.stringify({ ...sampleDesign(), id: 'half', name: 'Half pod', groups: [{ id: 'su', name: 'SU', kind: 'su', count: 1, position: { x: 0, y: 0 } }] }));
    const r = await run(designFile, half, '--compare', '--format', 'html', '-o', join(dir, 'cmp.html'));
    const text = readFileSync(r.output, 'utf8');
    expect(text).toContain('Half pod');
    expect(text).toContain(formatNumber(results.capexUsd, 'usd'));
    const e = await asyncInputErrorOf(runReport([designFile, half, '--compare', '--format', 'csv', '-o', join(dir, 'c.csv')]));
    expect(e.path).toBe('--format');
  });
});

describe.skipIf(!HAVE_CHROMIUM)('PDF report (Chromium)', () => {
  let pdfPath: string;
  let pages: number;
  const pageText: string[] = [];
  const model = buildReport(design, results, { lang: 'en', date: '2026-11-27', appVersion: '0.1.0' });

  beforeAll(async () => {
    pdfPath = join(dir, 'report.pdf');
    const r = await run(designFile, '--format', 'pdf', '-o', pdfPath);
    expect(r.format).toBe('pdf');
    pages = r.pages!;
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(pages);
    for (let p = 1; p <= pages; p++) {
      pageText.push(execFileSync('pdftotext', ['-f', String(p), '-l', String(p), pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '));
    }
  }, 180_000);

  it('has a cover page and each major section starting its own page', () => {
    expect(pdfPageCount(new Uint8Array(readFileSync(pdfPath)))).toBe(pages);
    const broken = model.sections.filter((s) => s.pageBreak);
    // Cover + one page per page-breaking section at least.
    expect(pages).toBeGreaterThanOrEqual(1 + broken.length);
    expect(pageText[0]?.toLowerCase()).toContain('cluster design report');
    expect(pageText[0]).toContain(design.name);
    expect(pageText[0]).toContain('2026-11-27');
    for (const s of broken) {
      const page = pageText.findIndex((t) => t.trimStart().startsWith(s.title));
      expect(page, `section "${s.title}" starts a page`).toBeGreaterThan(0);
    }
    // Page numbers in the footer.
    expect(pageText[1]).toMatch(new RegExp(`\\b2 ?/ ?${pages}\\b`));
  });

  it('holds the summary numbers as evaluate() gives them', () => {
    const summary = pageText.find((t) => t.trimStart().startsWith('Summary')) ?? '';
    for (const v of [
      formatNumber(results.accelerators, 'int'),
      formatNumber(results.compute.peakPflops.bf16, 'd1'),
      formatNumber(results.itPowerKW, 'd1'),
      formatNumber(results.facilityPowerKW, 'd1'),
      formatNumber(results.pue, 'd2'),
      formatNumber(results.capexUsd, 'usd'),
      formatNumber(results.cost.opexPerYearUsd, 'usd'),
    ]) {
      expect(summary).toContain(v);
    }
    expect(summary).toContain('506.4'); // 512 x 989 TFLOPS, by hand
    const all = pageText.join(' ');
    for (const b of results.bom) expect(all).toContain(b.partId.slice(0, 8));
  });

  it('renders every page to a PNG of A4 proportions with content on it', () => {
    const out = join(dir, 'png');
    mkdirSync(out);
    execFileSync('pdftoppm', ['-r', '50', '-png', pdfPath, join(out, 'p')]);
    const files = readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(files).toHaveLength(pages);
    for (const f of files) {
      const png = readFileSync(join(out, f));
      // IHDR width/height: A4 at 50 dpi is 413 x 585 (rounded).
      const w = png.readUInt32BE(16);
      const h = png.readUInt32BE(20);
      expect(Math.abs(w - 413)).toBeLessThanOrEqual(2);
      expect(Math.abs(h - 585)).toBeLessThanOrEqual(2);
      // A blank white page compresses to well under 2 KB.
      expect(png.length).toBeGreaterThan(4000);
    }
  });

  it('prints Chinese text in a zh-CN PDF', async () => {
    const zh = join(dir, 'zh.pdf');
    await run(designFile, '--format', 'pdf', '-o', zh, '--lang', 'zh-CN');
    const text = execFileSync('pdftotext', [zh, '-'], { encoding: 'utf8' });
    expect(text).toContain('集群设计报告');
    expect(text).toContain('物料清单');
    expect(text).toContain(formatNumber(results.capexUsd, 'usd'));
  }, 180_000);
});

/**
 * A minimal XLSX (Office Open XML SpreadsheetML) writer and reader. The parts
 * are written by hand and zipped with fflate: content types, package and
 * workbook relationships, a workbook, a tiny style sheet (bold header row) and
 * one worksheet per sheet with inline strings and raw numbers.
 *
 * Deterministic: fixed zip timestamps, so the same sheets give the same bytes.
 * The reader understands what the writer writes (and shared strings, which
 * spreadsheet programs use when they save), enough to round-trip in tests.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { Sheet } from './model';

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Zip entries' modification time: fixed for byte-identical output. */
const FIXED_MTIME = new Date(Date.UTC(2020, 0, 1, 0, 0, 0));

function xmlEscape(s: string): string {
  // Drop characters XML 1.0 cannot carry.
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Column letters of a 0-based index: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Excel's sheet-name rules: <= 31 characters, none of []:*?/\ , unique. */
export function safeSheetName(name: string, taken: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let candidate = base;
  let i = 2;
  while (taken.has(candidate.toLowerCase())) {
    const suffix = ` (${i++})`;
    base = base.slice(0, 31 - suffix.length);
    candidate = base + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

function cellXml(ref: string, v: string | number | null, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (v === null) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return `<c r="${ref}"${s}><v>${String(v)}</v></c>`;
  }
  return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${xmlEscape(v)}</t></is></c>`;
}

function sheetXml(sheet: Sheet): string {
  const widths = sheet.columns.map((c, i) => {
    const longest = Math.max(
      c.length,
      ...sheet.rows.slice(0, 200).map((r) => {
        const v = r[i];
        return v === null || v === undefined ? 0 : String(v).length;
      }),
    );
    return Math.min(60, Math.max(8, longest + 2));
  });
  let x = XML_HEAD + `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`;
  x += '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  if (widths.length > 0) {
    x += '<cols>' + widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('') + '</cols>';
  }
  x += '<sheetData>';
  const all: (string | number | null)[][] = [sheet.columns, ...sheet.rows];
  all.forEach((row, r) => {
    x += `<row r="${r + 1}">`;
    row.forEach((v, c) => {
      x += cellXml(`${columnName(c)}${r + 1}`, v, r === 0 ? 1 : 0);
    });
    x += '</row>';
  });
  x += '</sheetData></worksheet>';
  return x;
}

const STYLES =
  XML_HEAD +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** Write sheets as an .xlsx file. */
export function writeXlsx(sheets: readonly Sheet[]): Uint8Array {
  if (sheets.length === 0) throw new Error('an XLSX workbook needs at least one sheet');
  const taken = new Set<string>();
  const names = sheets.map((s) => safeSheetName(s.name, taken));
  const ct =
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    sheets
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join('') +
    '</Types>';
  const rootRels =
    XML_HEAD +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
    '</Relationships>';
  const workbook =
    XML_HEAD +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>` +
    names.map((n, i) => `<sheet name="${xmlEscape(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>';
  const wbRels =
    XML_HEAD +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('') +
    `<Relationship Id="rId${sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
    '</Relationships>';
  const opts = { mtime: FIXED_MTIME };
  const files: Zippable = {
    '[Content_Types].xml': [strToU8(ct), opts],
    '_rels/.rels': [strToU8(rootRels), opts],
    'xl/workbook.xml': [strToU8(workbook), opts],
    'xl/_rels/workbook.xml.rels': [strToU8(wbRels), opts],
    'xl/styles.xml': [strToU8(STYLES), opts],
  };
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = [strToU8(sheetXml(s)), opts];
  });
  return zipSync(files, { level: 6 });
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

function textOf(fragment: string): string {
  // Concatenate every <t> run (rich text has several).
  let out = '';
  for (const m of fragment.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g)) out += xmlUnescape(m[1] ?? '');
  return out;
}

/** Read the sheets of an .xlsx: first row as columns, the rest as rows (numbers as numbers). */
export function readXlsx(bytes: Uint8Array): Sheet[] {
  const files = unzipSync(bytes);
  const read = (p: string) => {
    const f = files[p];
    return f ? strFromU8(f) : undefined;
  };
  const workbook = read('xl/workbook.xml');
  const rels = read('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new Error('not an XLSX file: workbook missing');
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const attrs = m[1] ?? '';
    const id = /\bId="([^"]*)"/.exec(attrs)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(attrs)?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const shared: string[] = [];
  const sst = read('xl/sharedStrings.xml');
  if (sst) for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>/g)) shared.push(textOf(m[1] ?? ''));

  const sheets: Sheet[] = [];
  for (const m of workbook.matchAll(/<sheet\b([^>]*)\/>/g)) {
    const attrs = m[1] ?? '';
    const name = xmlUnescape(/\bname="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const rid = /\br:id="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const xml = read(targets.get(rid) ?? '');
    if (xml === undefined) throw new Error(`XLSX sheet "${name}" missing`);
    const grid: (string | number | null)[][] = [];
    for (const rm of xml.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const row: (string | number | null)[] = [];
      for (const cm of (rm[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const cattrs = cm[1] ?? '';
        const body = cm[2] ?? '';
        const ref = /\br="([A-Z]+)\d+"/.exec(cattrs)?.[1];
        const col = ref ? columnIndex(ref) : row.length;
        const type = /\bt="([^"]*)"/.exec(cattrs)?.[1];
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        let value: string | number | null = null;
        if (type === 'inlineStr') value = textOf(body);
        else if (type === 's') value = shared[Number(v)] ?? '';
        else if (type === 'str') value = xmlUnescape(v ?? '');
        else if (type === 'b') value = v === '1' ? 'TRUE' : 'FALSE';
        else if (v !== undefined) value = Number(v);
        while (row.length < col) row.push(null);
        row[col] = value;
      }
      grid.push(row);
    }
    const [header = [], ...rows] = grid;
    sheets.push({ name, columns: header.map((h) => (h === null ? '' : String(h))), rows });
  }
  return sheets;
}

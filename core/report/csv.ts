/**
 * CSV (RFC 4180) of the bill of materials: one header row of stable English
 * keys, raw numbers (full precision, not report-formatted), CRLF line ends.
 */
import type { BomRow } from './model';

export const BOM_COLUMNS = ['partId', 'name', 'category', 'quantity', 'unitPriceUsd', 'totalUsd', 'source'] as const;

function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  // Text that a spreadsheet would run as a formula is prefixed with an apostrophe (OWASP CSV injection).
  const s = /^[=+@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))];
  return lines.join('\r\n') + '\r\n';
}

export function bomCsv(bom: readonly BomRow[]): string {
  return toCsv(
    BOM_COLUMNS,
    bom.map((b) => [b.partId, b.name, b.category, b.quantity, b.unitPriceUsd, b.totalUsd, b.source]),
  );
}

/** Parse RFC 4180 CSV into rows of strings (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Read a BOM CSV written by `bomCsv` back into rows. */
export function parseBomCsv(text: string): BomRow[] {
  const [header, ...rows] = parseCsv(text);
  if (!header || header.join(',') !== BOM_COLUMNS.join(',')) throw new Error('not a BOM CSV: unexpected header');
  return rows.map((r) => ({
    partId: r[0] ?? '',
    name: r[1] ?? '',
    category: r[2] ?? '',
    quantity: Number(r[3]),
    unitPriceUsd: Number(r[4]),
    totalUsd: Number(r[5]),
    source: r[6] ?? '',
  }));
}

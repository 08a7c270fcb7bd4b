/**
 * Markdown writer (GitHub-flavoured tables). Figures are embedded as SVG data
 * URIs so the file stays self-contained; their text alternative says what they show.
 */
import { formatNum } from './format';
import { cellText } from './html';
import type { Block, ReportModel, Section } from './model';
import { standaloneSvg } from './svg';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of a string's UTF-8 bytes (no Buffer/btoa: core runs anywhere). */
export function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += b === undefined ? '=' : B64[(n >> 6) & 63]!;
    out += c === undefined ? '=' : B64[n & 63]!;
  }
  return out;
}

/** Escape text for a Markdown table cell or paragraph. */
export function mdEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/([*_`[\]<>])/g, '\\$1');
}

function mdTable(headers: string[], rows: string[][], right: boolean[]): string {
  const head = `| ${headers.map(mdEscape).join(' | ')} |`;
  const sep = `|${headers.map((_, i) => (right[i] ? ' ---: ' : ' --- ')).join('|')}|`;
  const body = rows.map((r) => `| ${r.map(mdEscape).join(' | ')} |`);
  return [head, sep, ...body].join('\n');
}

export function mdBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      return mdEscape(b.text);
    case 'kv':
      return b.items.map((it) => `- **${mdEscape(it.label)}:** ${mdEscape(cellText(it.value))}`).join('\n');
    case 'stats':
      return b.items
        .map((it) => `- **${mdEscape(it.label)}:** ${mdEscape(formatNum(it.value))}${it.note ? ` (${mdEscape(it.note)})` : ''}`)
        .join('\n');
    case 'figure':
      return `![${mdEscape(b.alt)}](data:image/svg+xml;base64,${base64Utf8(standaloneSvg(b.svg))})\n\n*${mdEscape(b.caption)}*`;
    case 'warnings':
      return b.items
        .map(
          (w) =>
            `- **${mdEscape(w.severityLabel)}:** ${mdEscape(w.message)}` +
            (w.code ? ` \`${w.code.replace(/`/g, '')}\`` : '') +
            (w.entities ? ` (${mdEscape(w.entities)})` : ''),
        )
        .join('\n');
    case 'table': {
      const right = b.columns.map((c, i) => c.align === 'right' || b.rows.some((r) => { const x = r[i]; return x !== null && x !== undefined && typeof x !== 'string'; }));
      const rows = [...b.rows, ...(b.footer ?? [])].map((r) => r.map(cellText));
      return (b.caption ? `**${mdEscape(b.caption)}**\n\n` : '') + mdTable(b.columns.map((c) => c.label), rows, right);
    }
  }
}

export function mdSection(s: Section, level = 2): string {
  return `${'#'.repeat(level)} ${mdEscape(s.title)}\n\n${s.blocks.map(mdBlock).join('\n\n')}\n`;
}

export function renderMarkdown(r: ReportModel): string {
  const c = r.cover;
  let out = `# ${mdEscape(c.labels.report)}: ${mdEscape(c.designName)}\n\n`;
  if (c.description) out += `${mdEscape(c.description)}\n\n`;
  out += `- **${mdEscape(c.labels.date)}:** ${c.date}\n`;
  out += `- **${mdEscape(c.labels.version)}:** ${mdEscape(c.appVersion)}\n`;
  out += `- **${mdEscape(c.labels.schema)}:** ${c.schemaVersion}\n\n`;
  out += r.sections.map((s) => mdSection(s)).join('\n');
  return out;
}

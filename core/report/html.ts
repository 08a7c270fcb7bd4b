/**
 * Standalone HTML writer: one file, inline CSS, inline SVG, no scripts and no
 * external resources of any kind (no URLs), laid out for A4 printing (the PDF
 * is this HTML printed by Chromium) and for reading on screen.
 */
import { formatNum } from './format';
import type { Block, Cell, ReportModel, Section } from './model';
import { escapeXml } from './svg';

export const escapeHtml = escapeXml;

export function cellText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'string') return c;
  return formatNum(c);
}

function isNumeric(c: Cell): boolean {
  return c !== null && typeof c !== 'string';
}

export const REPORT_CSS = `
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", "DejaVu Sans", Arial, sans-serif;
  font-size: 10pt; line-height: 1.4; color: #1d2330; margin: 0 auto; max-width: 190mm; padding: 0; }
@media screen { body { padding: 16px; } }
h1 { font-size: 22pt; margin: 0 0 4mm; color: #13335c; }
h2 { font-size: 14pt; margin: 6mm 0 3mm; padding-bottom: 1mm; border-bottom: 2px solid #2f6db5; color: #13335c; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; color: #13335c; break-after: avoid; }
p { margin: 1.5mm 0; }
section.pb { break-before: page; }
.cover { min-height: 240mm; display: flex; flex-direction: column; }
.cover .kicker { font-size: 11pt; color: #2f6db5; letter-spacing: 0.05em; text-transform: uppercase; margin-top: 40mm; }
.cover .desc { font-size: 11pt; color: #444; max-width: 150mm; }
.cover dl { display: grid; grid-template-columns: max-content auto; gap: 1.5mm 6mm; margin: 10mm 0; font-size: 11pt; }
.cover dt { color: #666; } .cover dd { margin: 0; font-weight: 600; }
.cover .toc { margin-top: auto; font-size: 10pt; columns: 2; }
.cover .toc a { color: #1d2330; text-decoration: none; }
.cover .note { color: #666; font-size: 9pt; margin-top: 6mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 8.5pt; }
thead { display: table-header-group; }
table.keep { break-inside: avoid; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid #dde1e7; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td.k { font-family: "DejaVu Sans Mono", monospace; font-size: 7pt; word-break: break-all; }
tfoot td { font-weight: 700; border-top: 1.5px solid #444; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 1mm 0; color: #13335c; }
td.src { color: #555; font-size: 7.5pt; max-width: 70mm; }
.stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; margin: 3mm 0 5mm; }
.stat { border: 1px solid #d5dbe4; border-radius: 2mm; padding: 2mm 2.5mm; break-inside: avoid; background: #f8fafc; }
.stat .l { font-size: 8pt; color: #556; }
.stat .v { font-size: 13pt; font-weight: 700; color: #13335c; white-space: nowrap; }
.stat .s { font-size: 7.5pt; color: #778; }
dl.kv { display: grid; grid-template-columns: max-content auto; gap: 1mm 6mm; margin: 2mm 0 4mm; }
dl.kv dt { color: #556; } dl.kv dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 8.5pt; color: #556; margin-top: 1.5mm; }
.warnings { border: 1.5px solid #d08a1e; background: #fff8ec; border-radius: 2mm; padding: 2mm 3mm; margin: 2mm 0 4mm; }
.warnings ul { margin: 1mm 0; padding-left: 5mm; }
.warnings li { margin: 1mm 0; break-inside: avoid; }
.sev { display: inline-block; font-size: 7.5pt; font-weight: 700; padding: 0 1.5mm; border-radius: 1mm; color: #fff; margin-right: 1.5mm; }
.sev-error { background: #c23b3b; } .sev-warning { background: #d08a1e; } .sev-info { background: #2f6db5; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; color: #555; }
.ent { color: #666; font-size: 8pt; }
`;

function renderTable(b: Extract<Block, { kind: 'table' }>): string {
  const numericCol = b.columns.map((_, i) => b.rows.some((r) => isNumeric(r[i] ?? null)));
  const align = (i: number) => {
    const a = b.columns[i]?.align;
    return a === 'right' || (a === undefined && numericCol[i]) ? ' class="n"' : '';
  };
  const cls = (i: number, c: Cell) => {
    if (isNumeric(c) || b.columns[i]?.align === 'right') return ' class="n"';
    if (b.columns[i]?.code) return ' class="k"';
    if (b.id === 'bom' && i === b.columns.length - 1) return ' class="src"';
    if (b.id === 'assumptions' && i === b.columns.length - 1) return ' class="src"';
    return '';
  };
  // Short tables stay on one page; long ones break between rows (the header repeats).
  const keep = b.rows.length + (b.footer?.length ?? 0) <= 14 ? ' class="keep"' : '';
  let s = `<table id="t-${escapeHtml(b.id)}"${keep}>`;
  if (b.caption) s += `<caption>${escapeHtml(b.caption)}</caption>`;
  if (b.columns.some((c) => c.width)) {
    s += '<colgroup>' + b.columns.map((c) => (c.width ? `<col style="width:${escapeHtml(c.width)}">` : '<col>')).join('') + '</colgroup>';
  }
  s += '<thead><tr>' + b.columns.map((c, i) => `<th${align(i)}>${escapeHtml(c.label)}</th>`).join('') + '</tr></thead>';
  s += '<tbody>';
  for (const row of b.rows) {
    s += '<tr>' + row.map((c, i) => `<td${cls(i, c)}>${escapeHtml(cellText(c))}</td>`).join('') + '</tr>';
  }
  s += '</tbody>';
  if (b.footer && b.footer.length > 0) {
    s += '<tfoot>';
    for (const row of b.footer) {
      s += '<tr>' + row.map((c, i) => `<td${cls(i, c)}>${escapeHtml(cellText(c))}</td>`).join('') + '</tr>';
    }
    s += '</tfoot>';
  }
  return s + '</table>';
}

export function renderBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'kv':
      return (
        '<dl class="kv">' +
        b.items.map((it) => `<dt>${escapeHtml(it.label)}</dt><dd>${escapeHtml(cellText(it.value))}</dd>`).join('') +
        '</dl>'
      );
    case 'stats':
      return (
        '<div class="stats">' +
        b.items
          .map(
            (it) =>
              `<div class="stat" data-stat="${escapeHtml(it.id)}"><div class="l">${escapeHtml(it.label)}</div>` +
              `<div class="v">${escapeHtml(formatNum(it.value))}</div>` +
              (it.note ? `<div class="s">${escapeHtml(it.note)}</div>` : '') +
              '</div>',
          )
          .join('') +
        '</div>'
      );
    case 'figure':
      return `<figure id="f-${escapeHtml(b.id)}">${b.svg}<figcaption>${escapeHtml(b.caption)}</figcaption></figure>`;
    case 'warnings':
      return (
        '<div class="warnings"><ul>' +
        b.items
          .map(
            (w) =>
              `<li><span class="sev sev-${w.severity}">${escapeHtml(w.severityLabel)}</span>${escapeHtml(w.message)}` +
              (w.code ? ` <span class="code">[${escapeHtml(w.code)}]</span>` : '') +
              (w.entities ? ` <span class="ent">(${escapeHtml(w.entities)})</span>` : '') +
              '</li>',
          )
          .join('') +
        '</ul></div>'
      );
    case 'table':
      return renderTable(b);
  }
}

export function renderSection(s: Section): string {
  return (
    `<section id="${escapeHtml(s.id)}"${s.pageBreak ? ' class="pb"' : ''}>` +
    `<h2>${escapeHtml(s.title)}</h2>` +
    s.blocks.map(renderBlock).join('\n') +
    '</section>'
  );
}

export function htmlDocument(lang: string, title: string, body: string): string {
  return (
    '<!DOCTYPE html>\n' +
    `<html lang="${escapeHtml(lang)}">\n<head>\n<meta charset="utf-8">\n` +
    // No network, no scripts: even if someone opens the file in a browser, nothing is fetched.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(title)}</title>\n<style>${REPORT_CSS}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`
  );
}

/** The whole report as one standalone HTML document (also what the PDF prints). */
export function renderHtml(r: ReportModel): string {
  const c = r.cover;
  let body = '<section class="cover">';
  body += `<div class="kicker">${escapeHtml(c.labels.report)}</div>`;
  body += `<h1>${escapeHtml(c.designName)}</h1>`;
  if (c.description) body += `<p class="desc">${escapeHtml(c.description)}</p>`;
  body += '<dl>';
  body += `<dt>${escapeHtml(c.labels.date)}</dt><dd>${escapeHtml(c.date)}</dd>`;
  body += `<dt>${escapeHtml(c.labels.version)}</dt><dd>${escapeHtml(c.appVersion)}</dd>`;
  body += `<dt>${escapeHtml(c.labels.schema)}</dt><dd>${c.schemaVersion}</dd>`;
  body += '</dl>';
  body += `<div class="toc">${r.sections.map((s, i) => `<div>${i + 1}. <a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></div>`).join('')}</div>`;
  body += '</section>\n';
  body += r.sections.map(renderSection).join('\n');
  return htmlDocument(r.lang, `${c.labels.report} — ${c.designName}`, body);
}

/**
 * The report model: a language-resolved, format-neutral description of a
 * report (sections of blocks). Built from a design and evaluate()'s Results by
 * `buildReport`, then written by the HTML, Markdown, CSV, XLSX and JSON writers.
 * Numbers stay numbers (with a style) until a writer formats them through
 * `formatNumber`, so every format shows the same digits.
 */
import type { Num } from './format';

export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** A table cell: text, a number with its style, or empty. */
export type Cell = string | Num | null;

export interface Column {
  label: string;
  align?: 'left' | 'right';
  /** Share of the table width in print, e.g. '30%'. */
  width?: string;
  /** Small monospace text that may break anywhere (ids, keys). */
  code?: boolean;
}

export interface TableBlock {
  kind: 'table';
  /** Stable id (e.g. `bom`, `assumptions`), used as an anchor. */
  id: string;
  caption?: string;
  columns: Column[];
  rows: Cell[][];
  /** Rows that sum the table (shown in bold). */
  footer?: Cell[][];
}

export interface KeyValueBlock {
  kind: 'kv';
  items: { label: string; value: Cell }[];
}

/** Headline numbers shown as tiles (the summary). */
export interface StatsBlock {
  kind: 'stats';
  items: { id: string; label: string; value: Num; note?: string }[];
}

export interface FigureBlock {
  kind: 'figure';
  id: string;
  caption: string;
  /** A self-contained SVG document fragment (no external references). */
  svg: string;
  /** Text alternative (Markdown shows it; HTML puts it in aria-label). */
  alt: string;
}

export interface ParagraphBlock {
  kind: 'p';
  text: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface WarningsBlock {
  kind: 'warnings';
  items: { severity: Severity; severityLabel: string; code: string; message: string; entities: string }[];
}

export type Block = TableBlock | KeyValueBlock | StatsBlock | FigureBlock | ParagraphBlock | WarningsBlock;

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
  /** Start this section on a new printed page. */
  pageBreak?: boolean;
}

/** One bill-of-materials line, raw numbers (CSV/XLSX export these unformatted). */
export interface BomRow {
  partId: string;
  name: string;
  category: string;
  quantity: number;
  unitPriceUsd: number;
  totalUsd: number;
  source: string;
}

/** A sheet of raw values for spreadsheet exports. */
export interface Sheet {
  name: string;
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ReportModel {
  lang: Lang;
  /** Document title (design name). */
  title: string;
  cover: {
    designName: string;
    description: string;
    /** ISO date (YYYY-MM-DD) the report was generated. */
    date: string;
    appVersion: string;
    schemaVersion: number;
    /** Resolved labels for the cover lines. */
    labels: { report: string; date: string; version: string; schema: string };
  };
  sections: Section[];
  /** Raw BOM lines (English column keys) for CSV/XLSX. */
  bom: BomRow[];
  /** Spreadsheet sheets (BOM, power, ...) with language-resolved headers. */
  sheets: Sheet[];
}

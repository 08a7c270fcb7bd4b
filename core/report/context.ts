/**
 * What every report section is built with: the language, its translator, the
 * catalog for part names and heights, and small shared formatting helpers.
 */
import { createCatalog, type Catalog } from '../catalog';
import { num, type Num } from './format';
import { MESSAGES, translator, type MsgKey, type Translate } from './i18n';
import type { Lang } from './model';

export interface BuildOptions {
  lang: Lang;
  /** Report date, YYYY-MM-DD (the caller decides, so output is deterministic). */
  date: string;
  /** Application version for the cover. */
  appVersion: string;
  /** Catalog for part names and heights (default: the built-in catalog). */
  catalog?: Catalog;
}

export interface ReportContext {
  lang: Lang;
  t: Translate;
  catalog: Catalog;
  /** A power figure in kW (one decimal unless told). */
  kW: (v: number | null | undefined, style?: 'd1' | 'd2') => Num;
}

export function reportContext(opts: BuildOptions): ReportContext {
  const t = translator(opts.lang);
  const catalog = opts.catalog ?? createCatalog();
  const kW = (v: number | null | undefined, style: 'd1' | 'd2' = 'd1'): Num => num(v, style, t('uKW'));
  return { lang: opts.lang, t, catalog, kW };
}

/** A part's catalog name, or its id when the catalog does not know it. */
export function partName(catalog: Catalog, id: string): string {
  return catalog.get(id)?.name ?? id;
}

/** A BOM / capex category in the report language (the key itself when untranslated). */
export function catLabel(t: Translate, c: string): string {
  return `cat.${c}` in MESSAGES.en ? t(`cat.${c}` as MsgKey) : c;
}

/** Consecutive groups of n. */
export function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

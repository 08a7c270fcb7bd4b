/**
 * A tiny typed i18n: every UI string is a key of `en`; `zh-CN` must define the
 * same keys (checked by the type system). Parameters are written `{name}`.
 */
import { useSyncExternalStore } from 'react';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey } from './en';
export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

const DICTS: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Params = Record<string, string | number>;

/** Pick a supported locale from a BCP-47 tag (navigator.language). */
export function detectLocale(tag: string | undefined): Locale {
  if (tag && /^zh\b/i.test(tag)) return 'zh-CN';
  return 'en';
}

export function isLocale(v: unknown): v is Locale {
  return v === 'en' || v === 'zh-CN';
}

let current: Locale = detectLocale(typeof navigator !== 'undefined' ? navigator.language : undefined);
const listeners = new Set<() => void>();

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The number a parameter stands for: a number, or a formatted one ("1,024"). */
function countOf(v: string | number): number {
  return typeof v === 'number' ? v : Number(v.replace(/[^\d.-]/g, ''));
}

/**
 * Plural forms in ICU style: `{n, plural, one {# row} other {# rows}}` (also `=0 {...}`);
 * the branch follows Intl.PluralRules of the locale and `#` is the parameter as given.
 * Chinese has one form, so its messages need none.
 */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

function plural(locale: Locale, template: string, params: Params): string {
  return template.replace(PLURAL, (m, name: string, body: string) => {
    const v = params[name];
    if (v === undefined) return m;
    const count = countOf(v);
    const branches = new Map([...body.matchAll(BRANCH)].map((b) => [b[1]!, b[2]!]));
    const pick = branches.get(`=${count}`) ?? branches.get(new Intl.PluralRules(locale).select(count)) ?? branches.get('other') ?? '';
    return pick.replace(/#/g, String(v));
  });
}

/** Format a message in a given locale. Unknown params are left as `{name}`. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = DICTS[locale][key] ?? en[key] ?? key;
  if (!params) return template;
  return plural(locale, template, params).replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}

/** Format a message in the current locale. */
export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}

/** Re-render on locale change; returns the current locale and `t`. */
export function useI18n(): { locale: Locale; t: typeof t } {
  const locale = useSyncExternalStore(subscribe, getLocale, getLocale);
  // `t` reads the module-level locale, which equals `locale` during this render.
  return { locale, t: (key, params) => translate(locale, key, params) };
}

/** Number formatting in the current locale. */
export function fmtNumber(locale: Locale, v: number, maxFractionDigits = 1, minFractionDigits = 0): string {
  if (!Number.isFinite(v)) return '—';
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: maxFractionDigits,
    minimumFractionDigits: minFractionDigits,
  }).format(v);
}

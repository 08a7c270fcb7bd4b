/**
 * What the user reads about a catalog part, in the chosen language: its display name
 * (built-in parts from the table by catalog id, custom parts as their author named
 * them) and the words of its kind (cooling and power kinds, protocols, rack cooling).
 */
import type { CatalogPart } from '../../core/catalog/types';
import { translate, type Locale, type MessageKey } from './index';
import { CATALOG_NAMES_ZH } from './catalog.zh-CN';

/** A part's display name in the locale. */
export function partName(locale: Locale, part: Pick<CatalogPart, 'id' | 'name'> & { custom?: boolean }): string {
  if (locale === 'zh-CN' && !part.custom) return CATALOG_NAMES_ZH[part.id] ?? part.name;
  return part.name;
}

/** A word of the catalog or design vocabulary (`rear-door`, `pdu`, `infiniband`), translated when known. */
export function termText(
  locale: Locale,
  group:
    | 'cooling'
    | 'power'
    | 'protocol'
    | 'rackCooling'
    | 'role'
    | 'groupKind'
    | 'climate'
    | 'recompute'
    | 'media'
    | 'medium',
  value: string,
): string {
  const key = `term.${group}.${value}` as MessageKey;
  const s = translate(locale, key);
  return s === key ? value : s;
}

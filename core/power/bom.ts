/**
 * Bill of materials: the stages list the parts they counted (in the order they
 * counted them) and the cost stage merges them into lines, one per category, part
 * and unit price, in the order each line first appeared.
 */
import { finiteOr0, round } from '../round';
import type { BomLine, CostCategory } from './cost';

/** One count of a part by a stage, before merging. */
export interface BomEntry {
  partId: string;
  name: string;
  category: CostCategory;
  quantity: number;
  unitPriceUsd: number;
  source: string;
}

export function bomEntry(part: { id: string; name: string; priceUsd: number; source: string }, category: CostCategory, quantity: number): BomEntry {
  return { partId: part.id, name: part.name, category, quantity, unitPriceUsd: part.priceUsd, source: part.source };
}

/** Entries -> BOM lines (quantities of the same category, part and price summed; totals rounded to cents). */
export function mergeBom(entries: Iterable<BomEntry>): BomLine[] {
  const lines = new Map<string, BomLine>();
  for (const e of entries) {
    if (!(e.quantity > 0)) continue;
    const key = `${e.category}|${e.partId}|${e.unitPriceUsd}`;
    const l = lines.get(key);
    if (l) {
      l.quantity += e.quantity;
      l.totalUsd = l.quantity * l.unitPriceUsd;
    } else {
      const price = finiteOr0(e.unitPriceUsd);
      lines.set(key, { partId: e.partId, name: e.name, category: e.category, quantity: e.quantity, unitPriceUsd: price, totalUsd: e.quantity * price, source: e.source });
    }
  }
  return [...lines.values()].map((l) => ({ ...l, totalUsd: round(l.totalUsd, 2) }));
}

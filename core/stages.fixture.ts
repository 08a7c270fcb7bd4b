/** Small designs for the engine stages' unit tests. */
import { parseDesign, type Design, type DesignInput } from './model';

export const design = (extra: Partial<DesignInput>): Design => parseDesign({ schemaVersion: 2, id: 'd', name: 'test', ...extra });

export const rack = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Rack ${id}`,
  position: { x: 0, y: 0 },
  heightU: 48,
  powerBudgetW: 45_000,
  cooling: 'rear-door' as const,
  ...extra,
});

export const group = (id: string, count: number, extra: Record<string, unknown> = {}) => ({ id, name: id, kind: 'su' as const, count, position: { x: 0, y: 0 }, ...extra });

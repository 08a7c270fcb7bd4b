/** Messages between the UI thread and the engine worker. */
import type { Design } from '../../core/model/design';
import type { Results } from '../../core/evaluate';
import type { CatalogPart } from '../../core/catalog/types';

export interface EngineRequest {
  seq: number;
  design: Design;
  customParts: CatalogPart[];
  /** Also simulate the step timeline (results.training.timeline): asked for while the chart is open. */
  timeline?: boolean;
}

export type EngineResponse =
  | { seq: number; ok: true; results: Results; ms: number }
  | { seq: number; ok: false; error: string; path?: string; ms: number };

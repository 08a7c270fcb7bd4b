/**
 * Warnings of a topology analysis: at most MAX_WARNINGS_PER_CODE of one code
 * are listed individually, the rest summarised by one info warning per code.
 */
import type { TopologyWarning } from './topology-types';

/** Most warnings of one code listed individually; the rest are summarised. */
export const MAX_WARNINGS_PER_CODE = 100;

export interface TopologyWarnings {
  warn(w: TopologyWarning): void;
  /** The listed warnings followed by one summary per code that overflowed (in first-seen order). */
  finish(): TopologyWarning[];
}

export function topologyWarnings(): TopologyWarnings {
  const warnings: TopologyWarning[] = [];
  const counts = new Map<string, number>();
  return {
    warn(w) {
      const c = (counts.get(w.code) ?? 0) + 1;
      counts.set(w.code, c);
      if (c <= MAX_WARNINGS_PER_CODE) warnings.push(w);
    },
    finish() {
      for (const [code, c] of counts) {
        if (c > MAX_WARNINGS_PER_CODE) {
          warnings.push({ severity: 'info', code, message: `${c - MAX_WARNINGS_PER_CODE} more "${code}" warnings not listed`, entityIds: [] });
        }
      }
      return warnings;
    },
  };
}

/** "a, b, c" or "a, b, c, d, e and 7 more". */
export function list(ids: string[], max = 5): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}

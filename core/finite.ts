/**
 * The last guard between the engine and anything that prints its numbers: every
 * number in a result must be finite. JSON would print NaN and Infinity as null, a
 * report as "NaN"; instead the result is refused with an EngineError naming where
 * the number sits. Walks iteratively (no recursion), each value once.
 */
import { EngineError } from './errors';
import { MAX_JSON_DEPTH } from './model/bounds';

/** Where the first non-finite number of `value` sits (`training.stepTimeS`), or null. */
export function findNonFinite(value: unknown, root = ''): { path: string; value: number } | null {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: root, depth: 0 }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: path || '(root)', value: v };
      continue;
    }
    if (typeof v !== 'object' || v === null || seen.has(v) || depth > 4 * MAX_JSON_DEPTH) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
    } else {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        stack.push({ v: x, path: path ? `${path}.${k}` : k, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** `value` itself when every number in it is finite; otherwise throws EngineError('non-finite-result'). */
export function assertFinite<T>(value: T, root = ''): T {
  const bad = findNonFinite(value, root);
  if (bad) {
    throw new EngineError(
      'non-finite-result',
      bad.path,
      `the engine computed ${String(bad.value)} here from a valid input; this is a defect of the engine, please report it with the input`,
    );
  }
  return value;
}

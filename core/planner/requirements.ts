/**
 * The planner's input: a workload, constraints and an objective (see README.md).
 * Validated with zod; every problem is an InputError naming the field path.
 */
import { z } from 'zod';
import { InputError } from '../errors';
import { DEFAULT_CATALOG, defaultServerFor, editDistance, type Catalog } from '../catalog';
import type { AcceleratorSpec, ServerSpec } from '../catalog/types';
import { BOUNDS, bounded, num } from '../model/bounds';
import { checkJsonDepth, zodToInputError } from '../model/parse';

export const COOLING_OPTIONS = ['air', 'cold-plate', 'immersion'] as const;
export type CoolingOption = (typeof COOLING_OPTIONS)[number];
export const OBJECTIVES = ['time', 'capex', 'tco', 'energy'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Explicit model fields as in the CLI scenario (`model`), plus an optional preset id they override. */
export const PlanModelSchema = z
  .object({
    name: z.string().max(200).optional(),
    preset: z.string().max(100).optional(),
    layers: num('layers').optional(),
    hidden: num('hidden').optional(),
    heads: num('heads').optional(),
    kvHeads: num('heads').optional(),
    ffnHidden: num('ffnHidden').optional(),
    gatedFfn: z.boolean().optional(),
    vocab: num('vocab').optional(),
    seqLength: num('seqLength').optional(),
    experts: num('experts').optional(),
    expertsPerToken: num('experts').optional(),
    expertFfnHidden: num('expertFfnHidden').optional(),
    sharedExperts: num('experts').optional(),
    headDim: num('headDim').optional(),
    valueHeadDim: num('headDim').optional(),
    tiedEmbeddings: z.boolean().optional(),
  })
  .strict();

export const AcceleratorAllowanceSchema = z
  .object({
    /** Catalog accelerator id. */
    id: z.string().min(1, 'must not be empty').max(100),
    /** Fewest accelerators of this type worth considering (default: one server). */
    minCount: num('accelerators').optional(),
    /** How many can be had. */
    maxCount: num('accelerators'),
    /** Server models to consider (catalog ids); default every catalog server built on this accelerator. */
    servers: z.array(z.string().min(1).max(100)).min(1, 'must list at least one server (or be omitted)').optional(),
    /** Exact accelerator counts to try instead of the generated ladder. */
    counts: z.array(num('accelerators')).min(1, 'must list at least one count (or be omitted)').max(1000).optional(),
  })
  .strict();

export const PlanSiteSchema = z
  .object({
    name: z.string().max(200).optional(),
    climate: z.enum(['cold', 'temperate', 'hot', 'hot-humid']).optional(),
    electricityUsdPerKWh: num('electricityUsdPerKWh').optional(),
    gridKgCO2PerKWh: num('gridKgCO2PerKWh').optional(),
    waterUsdPerM3: num('waterUsdPerM3').optional(),
    depreciationYears: num('depreciationYears').optional(),
  })
  .strict();

export const RequirementsSchema = z
  .object({
    name: z.string().max(200).optional(),
    workload: z
      .object({
        /** A preset id, or explicit fields (optionally starting from `preset`). */
        model: z.union([z.string().min(1, 'must not be empty').max(100), PlanModelSchema]),
        /** Training tokens. */
        tokens: num('tokens'),
        /** Sequences per step; default: planner.defaultBatchTokens / seqLength rounded to a power of two. */
        globalBatch: num('globalBatch').optional(),
        precision: z.enum(['bf16', 'fp16', 'fp8']).default('bf16'),
        zeroStage: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).default(1),
      })
      .strict(),
    constraints: z
      .object({
        /** Wall-clock days including failures and restarts. */
        deadlineDays: num('deadlineDays').optional(),
        /** Facility power (IT + cooling + losses) at typical training load, kW. */
        maxFacilityPowerKW: num('facilityPowerKW').optional(),
        budget: z
          .object({
            /** Upper bound on CAPEX, USD. */
            capexUsd: num('budgetUsd').optional(),
            /** Upper bound on the run's TCO (CAPEX + OPEX over the run's wall-clock days), USD. */
            tcoUsd: num('budgetUsd').optional(),
          })
          .strict()
          .optional(),
        accelerators: z.array(AcceleratorAllowanceSchema).min(1, 'must list at least one accelerator'),
        /** Cooling options the site offers; default all. */
        cooling: z.array(z.enum(COOLING_OPTIONS)).min(1, 'must list at least one cooling option').optional(),
        /** Leaf oversubscription ratios to consider; default [1, 2]. */
        oversubscription: z
          .array(num('plannerOversubscription'))
          .min(1, 'must list at least one ratio')
          .optional(),
        site: PlanSiteSchema.optional(),
      })
      .strict(),
    objective: z.enum(OBJECTIVES).default('time'),
    options: z
      .object({
        /** Ranked candidates returned (default 20). */
        maxResults: bounded({ ...BOUNDS.count, max: 1000, unit: 'candidates', why: 'a ranked list longer than 1,000 is not read' }).default(20),
        /** Consider mixed-chip pools (needs the mixed-pool engine). Default false. */
        mixedPools: z.boolean().default(false),
        /** Parallelism configurations tried per candidate at most (default 4000). */
        maxConfigsPerCandidate: bounded({ ...BOUNDS.count, max: 1_000_000, unit: 'configurations', why: 'bounds the search time per candidate' }).default(4000),
        /** Attach a full Design document to every returned candidate (default true). */
        designs: z.boolean().default(true),
      })
      .strict()
      .default({ maxResults: 20, mixedPools: false, maxConfigsPerCandidate: 4000, designs: true }),
  })
  .strict();

export type RequirementsInput = z.input<typeof RequirementsSchema>;
export type Requirements = z.output<typeof RequirementsSchema>;
export type PlanModelInput = z.output<typeof PlanModelSchema>;

/** A fully resolved accelerator choice of the requirements. */
export interface ResolvedAllowance {
  accelerator: AcceleratorSpec;
  servers: ServerSpec[];
  minCount: number;
  maxCount: number;
  counts?: number[];
  path: string;
}

export interface ParsedRequirements {
  req: Requirements;
  allowances: ResolvedAllowance[];
  cooling: CoolingOption[];
  oversubscription: number[];
}

/**
 * The accelerator ids nearest to a mistyped one. Users type the chip name
 * ("h900", "mi300"), so an id's first segment (before "-") counts as a match
 * target as well as the whole id; ties keep catalog order.
 */
export function nearestAccelerators(id: string, catalog: Catalog, limit = 3): string[] {
  const q = id.toLowerCase();
  return catalog
    .accelerators()
    .map((a, i) => {
      const head = a.id.split('-')[0] ?? a.id;
      const full = editDistance(q, a.id);
      return { id: a.id, i, d: Math.min(full, editDistance(q, head)), full };
    })
    .sort((x, y) => x.d - y.d || x.full - y.full || x.i - y.i)
    .slice(0, limit)
    .map((x) => x.id);
}

/** Every catalog server built on an accelerator, preferred one first. */
export function serversFor(acc: AcceleratorSpec, catalog: Catalog): ServerSpec[] {
  const pref = defaultServerFor(acc.id, catalog);
  const all = catalog.servers().filter((s) => s.acceleratorId === acc.id);
  const out: ServerSpec[] = [];
  if (pref) out.push(pref);
  for (const s of all) if (!out.some((o) => o.id === s.id)) out.push(s);
  return out;
}

/** Parse and cross-check requirements. Throws InputError naming the field. */
export function parseRequirements(input: unknown, catalog: Catalog = DEFAULT_CATALOG): ParsedRequirements {
  checkJsonDepth(input);
  const r = RequirementsSchema.safeParse(input);
  if (!r.success) throw zodToInputError(r.error);
  const req = r.data;
  const c = req.constraints;
  const seen = new Map<string, number>();
  const allowances: ResolvedAllowance[] = c.accelerators.map((a, i) => {
    const path = `constraints.accelerators[${i}]`;
    const acc = catalog.getOfKind(a.id, 'accelerator');
    if (!acc) {
      const near = nearestAccelerators(a.id, catalog);
      throw new InputError(`${path}.id`, `unknown accelerator "${a.id}"${near.length ? ` (nearest: ${near.join(', ')})` : ''}`);
    }
    const prev = seen.get(a.id);
    if (prev !== undefined) throw new InputError(`${path}.id`, `"${a.id}" is already listed at constraints.accelerators[${prev}]`);
    seen.set(a.id, i);
    let servers: ServerSpec[];
    if (a.servers) {
      servers = a.servers.map((sid, j) => {
        const s = catalog.getOfKind(sid, 'server');
        if (!s) {
          const near = catalog
            .servers()
            .filter((x) => x.acceleratorId === acc.id)
            .map((x) => x.id);
          throw new InputError(`${path}.servers[${j}]`, `unknown server "${sid}"${near.length ? ` (servers for ${acc.id}: ${near.join(', ')})` : ''}`);
        }
        if (s.acceleratorId !== acc.id) {
          throw new InputError(`${path}.servers[${j}]`, `server "${sid}" holds ${s.acceleratorId}, not ${acc.id}`);
        }
        return s;
      });
    } else {
      servers = serversFor(acc, catalog);
    }
    const smallest = Math.min(...servers.map((s) => s.acceleratorsPerServer));
    const minCount = a.minCount ?? smallest;
    if (a.maxCount < minCount) {
      throw new InputError(
        `${path}.maxCount`,
        a.minCount !== undefined
          ? `must be >= minCount (${a.minCount})`
          : `must be at least one server (${smallest} accelerators)`,
      );
    }
    if (a.maxCount < smallest) {
      throw new InputError(`${path}.maxCount`, `must be at least one server (${smallest} accelerators)`);
    }
    if (a.counts) {
      a.counts.forEach((n, j) => {
        if (n < minCount || n > a.maxCount) {
          throw new InputError(`${path}.counts[${j}]`, `${n} is outside minCount..maxCount (${minCount}..${a.maxCount})`);
        }
      });
    }
    return { accelerator: acc, servers, minCount, maxCount: a.maxCount, counts: a.counts, path };
  });
  const b = c.budget;
  if (b && b.capexUsd === undefined && b.tcoUsd === undefined) {
    throw new InputError('constraints.budget', 'must set capexUsd or tcoUsd (or be omitted)');
  }
  if (b && b.capexUsd !== undefined && b.tcoUsd !== undefined && b.tcoUsd < b.capexUsd) {
    throw new InputError('constraints.budget.tcoUsd', `must be >= constraints.budget.capexUsd (${b.capexUsd}): TCO includes CAPEX`);
  }
  const cooling = [...new Set(c.cooling ?? COOLING_OPTIONS)] as CoolingOption[];
  const oversubscription = [...new Set(c.oversubscription ?? [1, 2])].sort((x, y) => x - y);
  return { req, allowances, cooling, oversubscription };
}

/**
 * Cooling options a server can use: a liquid-cooled design (cold plates)
 * needs a liquid loop (cold-plate or immersion); an immersion design needs a
 * tank; an air-cooled design can go anywhere (in a liquid rack it loses its fans).
 */
export function coolingFits(server: ServerSpec, cooling: CoolingOption): boolean {
  if (server.cooling === 'immersion') return cooling === 'immersion';
  if (server.cooling === 'cold-plate') return cooling !== 'air';
  return true;
}

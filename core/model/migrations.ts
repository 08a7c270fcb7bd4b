/**
 * Append-only design migrations: MIGRATIONS[v] turns a schema-v document into v+1.
 * Never edit a published step; add the next one.
 */
type Doc = Record<string, unknown>;

function isRecord(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * v1 -> v2: rack power budgets moved from kW (`powerBudgetKW`) to W (`powerBudgetW`)
 * to follow the units-in-names convention, and the site's electricity price
 * field was renamed from `electricityPrice` to `electricityUsdPerKWh`.
 */
function v1ToV2(doc: Doc): Doc {
  const out: Doc = { ...doc };
  if (Array.isArray(doc.racks)) {
    out.racks = doc.racks.map((r: unknown) => {
      if (!isRecord(r)) return r;
      const { powerBudgetKW, ...rest } = r;
      if (typeof powerBudgetKW === 'number' && rest.powerBudgetW === undefined) {
        return { ...rest, powerBudgetW: powerBudgetKW * 1000 };
      }
      return r;
    });
  }
  if (isRecord(doc.site)) {
    const { electricityPrice, ...rest } = doc.site;
    out.site =
      typeof electricityPrice === 'number' && rest.electricityUsdPerKWh === undefined
        ? { ...rest, electricityUsdPerKWh: electricityPrice }
        : doc.site;
  }
  return out;
}

export const MIGRATIONS: Record<number, (doc: Doc) => Doc> = {
  1: v1ToV2,
};

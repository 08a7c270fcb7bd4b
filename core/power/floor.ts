/**
 * White space and floor loading. Racks stand in rows of `racksPerRow`; rows face
 * each other in pairs across a cold aisle and back onto a hot aisle (hot- or
 * cold-aisle containment closes one of them), so a pair of rows takes
 *
 *   row length = racksPerRow x rack width + 2 x end clearance
 *   pair depth = 2 x rack depth + cold aisle + hot aisle
 *
 * and an odd last row takes half a pair. White space = pairs x pair depth x row
 * length. Loading: a rack's weight over its own footprint (what a floor tile or
 * slab bay sees, checked against the floor's rating) and the hall's average.
 */

export type Containment = 'hot-aisle' | 'cold-aisle' | 'none';

export interface FloorInput {
  racks: number;
  racksPerRow: number;
  rackWidthM: number;
  rackDepthM: number;
  coldAisleM: number;
  hotAisleM: number;
  endAisleM: number;
  /** Heaviest rack, kg. */
  maxRackWeightKg: number;
  /** All racks together, kg. */
  totalWeightKg: number;
  itPowerW: number;
  limitKgPerM2: number;
}

export interface FloorResult {
  rows: number;
  rowLengthM: number;
  whiteSpaceM2: number;
  /** Racks' own footprint, m2. */
  footprintM2: number;
  /** Heaviest rack over its footprint, kg/m2. */
  rackLoadingKgPerM2: number;
  /** All racks over the white space, kg/m2. */
  averageLoadingKgPerM2: number;
  limitKgPerM2: number;
  overLimit: boolean;
  /** IT power over the white space, kW/m2. */
  kWPerM2: number;
}

export function floorLayout(f: FloorInput): FloorResult {
  const racks = Math.max(0, Math.ceil(f.racks));
  const perRow = Math.max(1, Math.floor(f.racksPerRow));
  const rows = Math.ceil(racks / perRow);
  // A hall with fewer racks than a full row is as long as its racks.
  const inRow = Math.min(perRow, racks);
  const rowLengthM = racks > 0 ? inRow * f.rackWidthM + 2 * f.endAisleM : 0;
  const pairDepthM = 2 * f.rackDepthM + f.coldAisleM + f.hotAisleM;
  const whiteSpaceM2 = (rows / 2) * pairDepthM * rowLengthM;
  const rackFootprint = f.rackWidthM * f.rackDepthM;
  const footprintM2 = racks * rackFootprint;
  const rackLoadingKgPerM2 = rackFootprint > 0 ? f.maxRackWeightKg / rackFootprint : 0;
  const averageLoadingKgPerM2 = whiteSpaceM2 > 0 ? f.totalWeightKg / whiteSpaceM2 : 0;
  return {
    rows,
    rowLengthM,
    whiteSpaceM2,
    footprintM2,
    rackLoadingKgPerM2,
    averageLoadingKgPerM2,
    limitKgPerM2: f.limitKgPerM2,
    overLimit: racks > 0 && rackLoadingKgPerM2 > f.limitKgPerM2,
    kWPerM2: whiteSpaceM2 > 0 ? f.itPowerW / 1000 / whiteSpaceM2 : 0,
  };
}

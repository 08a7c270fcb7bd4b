import { describe, expect, it } from 'vitest';
import { CITY_CLIMATES, CITY_IDS, YEARBOOK_ROWS } from './climate-data';
import { annualMean, cityMonths, customMonths, designDay, HOURS_PER_MONTH, normalCdf, shareBelow, stullWetBulbC } from './climate';

describe('climate data', () => {
  it('holds at least 10 cities including the hub and reference sites the issue names', () => {
    expect(CITY_CLIMATES.length).toBeGreaterThanOrEqual(10);
    for (const id of ['beijing', 'shanghai', 'guiyang', 'ulanqab', 'zhongwei', 'shenzhen', 'singapore', 'frankfurt', 'ashburn', 'phoenix']) {
      expect(CITY_IDS, id).toContain(id);
    }
    for (const c of CITY_CLIMATES) {
      expect(c.dryBulbC, c.id).toHaveLength(12);
      expect(c.relativeHumidityPct, c.id).toHaveLength(12);
      expect(c.source.length, c.id).toBeGreaterThan(20);
      // Unverified figures say so in their source text.
      if (!c.dryBulbVerified) expect(c.source, c.id).toMatch(/ESTIMATED/);
      expect(c.source, c.id).toMatch(/humidity: ESTIMATED/i);
    }
  });

  it('verified cities reproduce the yearbook annual averages (each year printed to 0.1 K)', () => {
    for (const [id, rows] of Object.entries(YEARBOOK_ROWS)) {
      const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / 12;
      // The yearbook's annual average is the plain mean of its monthly figures, to its 0.1 K print.
      expect(Math.abs(mean(rows.y2008) - rows.annual2008), `${id} 2008`).toBeLessThanOrEqual(0.051);
      expect(Math.abs(mean(rows.y2009) - rows.annual2009), `${id} 2009`).toBeLessThanOrEqual(0.051);
      const city = CITY_CLIMATES.find((c) => c.id === id)!;
      expect(city.dryBulbVerified).toBe(true);
      // Beijing January: both years -3.0 -> -3.0; July (27.2 + 27.0) / 2 = 27.1.
      if (id === 'beijing') expect([city.dryBulbC[0], city.dryBulbC[6]]).toEqual([-3, 27.1]);
    }
  });
});

describe('psychrometrics and hour shares', () => {
  it('Stull (2011): 20 C at 50% RH has a wet-bulb of 13.7 C (the paper\'s worked example)', () => {
    expect(stullWetBulbC(20, 50)).toBeCloseTo(13.7, 1);
  });
  it('Stull agrees with the psychrometric chart within its stated error (25 C / 60% -> 19.5 C wet-bulb)', () => {
    expect(Math.abs(stullWetBulbC(25, 60) - 19.5)).toBeLessThan(0.65);
  });
  it('wet-bulb never exceeds dry-bulb', () => {
    for (const t of [-15, 0, 15, 30, 45]) for (const rh of [5, 50, 99, 100]) expect(stullWetBulbC(t, rh)).toBeLessThanOrEqual(t);
  });
  it('normal CDF matches the table values (0.8413 at 1, 0.0250 at -1.96)', () => {
    expect(normalCdf(1)).toBeCloseTo(0.841345, 5);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024998, 5);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });
  it('share of hours below a threshold: half at the mean, 84% one spread above it', () => {
    expect(shareBelow(10, 10, 4)).toBeCloseTo(0.5, 6);
    expect(shareBelow(10, 14, 4)).toBeCloseTo(0.841345, 5);
    expect(shareBelow(10, 9, 0)).toBe(0);
  });
});

describe('site climates', () => {
  it('a year of months has 8,760 hours', () => {
    expect(HOURS_PER_MONTH.reduce((s, h) => s + h, 0)).toBe(8760);
  });
  it('a city gives 12 months with wet-bulb from its humidity', () => {
    const c = cityMonths('singapore')!;
    expect(c.months).toHaveLength(12);
    expect(c.months[0]!.wetBulbC).toBeCloseTo(stullWetBulbC(26.9, 83), 9);
    expect(cityMonths('atlantis')).toBeUndefined();
  });
  it('a custom climate takes wet-bulb as given, else from RH, else the dry-bulb', () => {
    const dry = Array.from({ length: 12 }, (_, i) => i);
    expect(customMonths({ name: 'x', dryBulbC: dry, wetBulbC: dry.map((t) => t - 2) }).months[5]!.wetBulbC).toBe(3);
    expect(customMonths({ name: 'x', dryBulbC: dry, relativeHumidityPct: dry.map(() => 50) }).months[5]!.wetBulbC).toBeCloseTo(stullWetBulbC(5, 50), 9);
    expect(customMonths({ name: 'x', dryBulbC: dry }).months[5]!.wetBulbC).toBe(5);
  });
  it('design day = hottest month + z spreads', () => {
    const c = customMonths({ name: 'x', dryBulbC: [0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 0, 0], wetBulbC: [0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0] });
    expect(designDay(c, 2, 4, 3)).toEqual({ dryBulbC: 38, wetBulbC: 26 });
  });
  it('annual mean weights months by their hours', () => {
    const v = [31, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(annualMean(v)).toBeCloseTo((31 * 31 * 24) / 8760, 9);
  });
});

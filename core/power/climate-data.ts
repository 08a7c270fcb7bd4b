/**
 * Embedded city climates: monthly mean dry-bulb temperature and monthly mean
 * relative humidity, from which the monthly mean wet-bulb temperature is derived
 * (Stull 2011, core/power/climate.ts). Each city says where its figures come from
 * and whether they were read in a source (`verified`) or are estimates.
 *
 * VERIFIED dry-bulb (single years, not 30-year normals): National Bureau of
 * Statistics of China, China Statistical Yearbook 2009 Table 11-13 "Monthly Average
 * Temperature of Major Cities (2008)" (stats.gov.cn/tjsj/ndsj/2009/html/L1113e.htm)
 * and Yearbook 2010 Table 12-13 for 2009 (stats.gov.cn/tjsj/ndsj/2010/html/L1213e.htm).
 * The engine uses the mean of the two years.
 *
 * ESTIMATED (no source text was found for them): every relative humidity, and the
 * dry-bulb of Ulanqab, Zhongwei, Shenzhen, Singapore, Frankfurt, Ashburn (Virginia)
 * and Phoenix. Those are approximate climatological means of the named stations'
 * 1991-2020 normals, to be checked against the station normals (CMA, MSS, DWD, NOAA
 * NCEI). A design can replace any city by its own monthly figures (`site.customClimate`).
 */

export interface CityClimate {
  id: string;
  name: string;
  /** The name in Simplified Chinese (the UI and reports in zh-CN). */
  nameZh: string;
  /** Country or region, for grouping in pickers. */
  region: string;
  /** Monthly mean dry-bulb, °C, January first. */
  dryBulbC: readonly number[];
  /** Monthly mean relative humidity, %, January first. */
  relativeHumidityPct: readonly number[];
  /** Whether the dry-bulb figures were read in the cited source. */
  dryBulbVerified: boolean;
  /** Humidity figures are estimates for every city (see the file comment). */
  humidityVerified: boolean;
  source: string;
}

const YEARBOOK =
  'Dry-bulb: mean of the single years 2008 and 2009 (not 30-year normals), China Statistical Yearbook 2009 Table 11-13 and 2010 Table 12-13 "Monthly Average Temperature of Major Cities" (National Bureau of Statistics, stats.gov.cn). VERIFIED.';
const RH_ESTIMATE = 'Relative humidity: ESTIMATED typical monthly means (no source found); wet-bulb derived with Stull (2011).';

/** The two yearbook rows (2008, 2009) of a verified city, as printed. */
export const YEARBOOK_ROWS: Readonly<Record<string, { y2008: readonly number[]; y2009: readonly number[]; annual2008: number; annual2009: number }>> = {
  beijing: {
    y2008: [-3.0, 0.6, 9.1, 15.8, 20.3, 23.4, 27.2, 26.0, 21.0, 14.5, 6.3, -1.0],
    y2009: [-3.0, 1.0, 7.0, 15.9, 22.9, 26.2, 27.0, 25.7, 21.1, 15.3, 2.2, -2.3],
    annual2008: 13.4,
    annual2009: 13.3,
  },
  shanghai: {
    y2008: [4.2, 4.0, 11.4, 15.9, 21.6, 24.0, 30.2, 28.4, 25.6, 20.7, 13.1, 7.5],
    y2009: [3.8, 8.9, 10.6, 16.3, 21.9, 26.2, 28.8, 27.9, 25.0, 21.3, 12.1, 6.4],
    annual2008: 17.2,
    annual2009: 17.4,
  },
  guangzhou: {
    y2008: [12.8, 11.6, 20.1, 23.2, 25.6, 27.0, 29.1, 29.3, 28.6, 26.1, 19.9, 15.6],
    y2009: [12.4, 21.0, 18.2, 22.2, 25.9, 27.9, 29.6, 29.9, 29.5, 26.0, 17.9, 15.3],
    annual2008: 22.4,
    annual2009: 23.0,
  },
  hohhot: {
    y2008: [-12.1, -9.3, 3.4, 11.4, 16.4, 20.3, 23.6, 20.0, 15.9, 8.2, -0.3, -8.9],
    y2009: [-10.3, -2.8, 1.3, 12.0, 17.2, 22.0, 23.8, 21.7, 16.3, 8.6, -4.0, -10.1],
    annual2008: 7.4,
    annual2009: 8.0,
  },
  guiyang: {
    y2008: [1.0, 2.2, 11.8, 15.7, 18.8, 21.0, 22.7, 22.0, 20.9, 16.5, 10.4, 6.3],
    y2009: [3.8, 10.4, 11.3, 14.5, 18.6, 21.5, 22.7, 23.6, 21.5, 15.8, 9.3, 5.5],
    annual2008: 14.1,
    annual2009: 14.9,
  },
};

function yearbookMean(id: string): number[] {
  const r = YEARBOOK_ROWS[id]!;
  return r.y2008.map((v, i) => Math.round(((v + r.y2009[i]!) / 2) * 100) / 100);
}

const verified = (id: string, name: string, nameZh: string, rh: number[]): CityClimate => ({
  id,
  name,
  nameZh,
  region: 'China',
  dryBulbC: yearbookMean(id),
  relativeHumidityPct: rh,
  dryBulbVerified: true,
  humidityVerified: false,
  source: `${YEARBOOK} ${RH_ESTIMATE}`,
});

const estimated = (id: string, name: string, nameZh: string, region: string, station: string, dryBulbC: number[], rh: number[]): CityClimate => ({
  id,
  name,
  nameZh,
  region,
  dryBulbC,
  relativeHumidityPct: rh,
  dryBulbVerified: false,
  humidityVerified: false,
  source: `ESTIMATED: approximate 1991-2020 climatological means for ${station}; no source text was found, check against the station normals before relying on them. ${RH_ESTIMATE}`,
});

export const CITY_CLIMATES: readonly CityClimate[] = [
  verified('beijing', 'Beijing', '北京', [44, 44, 43, 45, 52, 61, 74, 77, 68, 60, 55, 48]),
  verified('shanghai', 'Shanghai', '上海', [74, 74, 74, 73, 73, 80, 78, 78, 76, 72, 73, 72]),
  verified('guangzhou', 'Guangzhou', '广州', [72, 78, 82, 84, 84, 84, 81, 82, 79, 71, 69, 67]),
  verified('hohhot', 'Hohhot (Inner Mongolia hub)', '呼和浩特（内蒙古枢纽）', [56, 49, 42, 35, 36, 46, 61, 65, 59, 56, 56, 58]),
  verified('guiyang', 'Guiyang (Guizhou hub)', '贵阳（贵州枢纽）', [80, 79, 78, 77, 77, 80, 78, 78, 77, 81, 80, 78]),
  estimated(
    'ulanqab',
    'Ulanqab (Inner Mongolia hub)',
    '乌兰察布（内蒙古枢纽）',
    'China',
    'CMA station 53480 Jining (Ulanqab); Hohhot, ~130 km south-west and verified above, is ~3 K warmer',
    [-13.0, -9.5, -2.5, 6.0, 13.0, 17.9, 20.2, 18.4, 12.5, 5.3, -3.2, -10.8],
    [55, 50, 45, 38, 38, 50, 62, 66, 58, 52, 53, 56],
  ),
  estimated(
    'zhongwei',
    'Zhongwei (Ningxia hub)',
    '中卫（宁夏枢纽）',
    'China',
    'CMA station 53704 Zhongwei',
    [-6.3, -2.3, 4.5, 11.5, 17.0, 21.2, 23.2, 21.6, 16.5, 9.8, 2.6, -4.5],
    [50, 45, 42, 38, 42, 50, 60, 64, 64, 60, 56, 54],
  ),
  estimated(
    'shenzhen',
    'Shenzhen',
    '深圳',
    'China',
    'CMA station 59493 Shenzhen',
    [15.4, 16.5, 19.0, 22.7, 26.0, 27.9, 28.7, 28.5, 27.5, 25.0, 21.0, 16.9],
    [72, 78, 81, 83, 83, 83, 80, 81, 78, 71, 69, 66],
  ),
  estimated(
    'singapore',
    'Singapore',
    '新加坡',
    'Singapore',
    'Meteorological Service Singapore, Changi',
    [26.9, 27.4, 27.9, 28.4, 28.7, 28.6, 28.2, 28.1, 27.9, 27.8, 27.1, 26.6],
    [83, 80, 80, 81, 80, 79, 79, 79, 80, 81, 85, 86],
  ),
  estimated(
    'frankfurt',
    'Frankfurt am Main',
    '法兰克福',
    'Germany',
    'DWD station 10637 Frankfurt/Main airport',
    [1.6, 2.5, 6.0, 10.2, 14.3, 17.7, 19.7, 19.2, 15.1, 10.4, 5.6, 2.4],
    [84, 79, 73, 66, 67, 67, 66, 69, 76, 82, 86, 86],
  ),
  estimated(
    'ashburn',
    'Ashburn, Virginia',
    '阿什本（弗吉尼亚州）',
    'United States',
    'NOAA NCEI station USW00093738 Washington Dulles',
    [0.4, 1.8, 6.3, 12.3, 17.6, 22.4, 24.9, 24.0, 20.0, 13.4, 7.3, 2.6],
    [66, 62, 59, 57, 64, 67, 68, 70, 71, 69, 66, 67],
  ),
  estimated(
    'phoenix',
    'Phoenix, Arizona',
    '菲尼克斯（亚利桑那州）',
    'United States',
    'NOAA NCEI station USW00023183 Phoenix Sky Harbor',
    [13.9, 15.7, 19.3, 23.4, 28.6, 33.6, 35.8, 35.2, 32.2, 25.6, 18.5, 13.2],
    [45, 40, 34, 24, 18, 15, 27, 31, 30, 31, 38, 46],
  ),
];

export const CITY_IDS: readonly string[] = CITY_CLIMATES.map((c) => c.id);

export function cityClimate(id: string): CityClimate | undefined {
  return CITY_CLIMATES.find((c) => c.id === id);
}

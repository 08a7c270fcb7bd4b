/**
 * Unit words of the engine's bounds (core/model/bounds.ts) as shown in field errors.
 * Symbols (W, Gb/s, U, USD/kWh...) read the same in both languages; words are
 * translated here. A test checks that every unit word of the bounds has an entry.
 */
import type { Locale } from './index';

export const UNIT_WORDS_ZH: Record<string, string> = {
  accelerators: '张加速卡',
  'accelerators per server': '张加速卡/服务器',
  bytes: '字节',
  days: '天',
  'downlink:uplink': '下行:上行',
  elements: '个元素',
  experts: '个专家',
  factor: '倍数',
  fraction: '比例',
  h: '小时',
  heads: '个头',
  layers: '层',
  links: '条链路',
  min: '分钟',
  nodes: '个节点',
  'per hour': '每小时',
  planes: '个平面',
  ports: '个端口',
  probability: '概率',
  s: '秒',
  sequences: '条序列',
  servers: '台服务器',
  stages: '个阶段',
  tokens: '个 token',
  years: '年',
  NICs: '块网卡',
  'W/W heat': 'W/W（热量）',
  'kg CO2/kWh': 'kg CO₂/kWh',
  modules: '个模块',
  racks: '个机柜',
};

/** Units that are symbols, the same in every language. */
export const UNIT_SYMBOLS = new Set([
  '',
  'B/param',
  'GB',
  'GB/s',
  'Gb/s',
  'GiB',
  'L/kWh',
  'TB',
  'TB/s',
  'TFLOPS',
  'Tb/s',
  'U',
  'USD',
  'USD/(Gb/s)',
  'USD/(accelerator*h)',
  'USD/kW',
  'USD/kWh',
  'USD/m3',
  'W',
  'W/(Gb/s)',
  'W/W',
  'kVA',
  'kW',
  'kW/rack',
  'kVA',
  '°C',
  '%',
  'kg/m2',
  'kg',
  'm',
  'mm',
  'px',
]);

/** A bound's unit in the locale. */
export function unitText(locale: Locale, unit: string): string {
  if (locale === 'zh-CN') return UNIT_WORDS_ZH[unit] ?? unit;
  return unit;
}

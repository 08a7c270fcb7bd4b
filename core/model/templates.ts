/**
 * Built-in templates: each builds a complete, valid design (parseDesign) that
 * evaluates without errors. Large clusters use replication (a scalable unit
 * drawn once with a count), so they open instantly.
 */
import { DEFAULT_CATALOG } from '../catalog';
import type { Design, DesignInput, Workload } from './design';
import { generateDesign } from './generate';
import { parseDesign } from './parse';

export interface Template {
  id: string;
  /** i18n key of the name (renderer dictionaries); `name` holds both languages too. */
  nameKey: string;
  name: { en: string; 'zh-CN': string };
  description: { en: string; 'zh-CN': string };
  /** Accelerators in the design (for the template picker). */
  accelerators: number;
  build(): Design;
}

/** Appliances per storage rack (8 x ~2.4 kW = ~19 kW, within plain air cooling). */
const STORAGE_PER_RACK = 8;

/** Add storage racks holding `quantity` appliances (stacked from U2) to the right of the top-level groups. */
function withStorageRacks(d: Design, partId: string, quantity: number): Design {
  const part = DEFAULT_CATALOG.getOfKind(partId, 'storage');
  if (!part) return d;
  const x = Math.max(0, ...d.groups.filter((g) => !g.parentId).map((g) => g.position.x + (g.size?.width ?? 520))) + 80;
  const perRack = Math.min(quantity, STORAGE_PER_RACK);
  const racks = Math.ceil(quantity / perRack);
  const last = quantity - (racks - 1) * perRack;
  const mk = (id: string, n: number, count: number, i: number) => ({
    rack: { id, name: count > 1 ? 'Storage rack' : `Storage rack ${i + 1}`, position: { x: x + i * 224, y: 0 }, heightU: 48, powerBudgetW: 30_000, cooling: 'air' as const, count },
    storage: { id: `${id}-storage`, name: part.name, partId, rackId: id, slotU: 2, quantity: n },
  });
  const sets = last === perRack ? [mk('storage-rack', perRack, racks, 0)] : [mk('storage-rack', perRack, racks - 1, 0), mk('storage-rack-last', last, 1, 1)];
  return parseDesign({
    ...d,
    racks: [...d.racks, ...sets.map((s) => s.rack)],
    storage: [...d.storage, ...sets.map((s) => s.storage)],
  });
}

const LLAMA2_7B: Workload = {
  model: { name: 'Llama-2 7B', layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffnHidden: 11008, gatedFfn: true, vocab: 32000, seqLength: 4096 },
  training: { tokens: 2e11, globalBatch: 512, microBatch: 1, precision: 'bf16', recompute: 'none', zeroStage: 1, parallelism: { tp: 1, pp: 1, cp: 1 } },
  reliability: { strategy: 'automatic', asyncCheckpoint: false, spareNodes: 0 },
};

/** Llama 3 70B (Meta's published shape) on 2T tokens, parallelism left to the mixed-chip planner. */
const LLAMA3_70B_MIXED: Workload = {
  model: { name: 'Llama 3 70B', layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffnHidden: 28672, gatedFfn: true, vocab: 128256, seqLength: 8192 },
  training: { tokens: 2e12, globalBatch: 1024, microBatch: 1, precision: 'bf16', recompute: 'selective', zeroStage: 1, parallelism: {} },
  reliability: { strategy: 'automatic', asyncCheckpoint: false, spareNodes: 0 },
};

/** The small design the app opens on first start: two racks of DGX H100, drawn switches and cables, a workload. */
function buildSample(): Design {
  const rack = (id: string, name: string, x: number) => ({
    id,
    name,
    position: { x, y: 40 },
    heightU: 48,
    powerBudgetW: 45_000,
    cooling: 'rear-door' as const,
    count: 1,
  });
  const doc: DesignInput = {
    schemaVersion: 2,
    id: 'sample-h100-2-racks',
    name: 'Sample: 64 x H100 in two racks',
    description: 'Two rear-door-cooled racks of four DGX H100 each, a two-leaf/two-spine NDR InfiniBand fabric drawn switch by switch, one NVMe storage server and a Llama-2 7B training job.',
    site: { name: 'Sample site', climate: 'temperate', electricityUsdPerKWh: 0.08, gridKgCO2PerKWh: 0.55, waterUsdPerM3: 1, depreciationYears: 5 },
    groups: [],
    racks: [rack('rack-a', 'Rack A', 40), rack('rack-b', 'Rack B', 300)],
    servers: [
      { id: 'dgx-a', name: 'DGX H100', partId: 'dgx-h100', rackId: 'rack-a', slotU: 2, quantity: 4 },
      { id: 'dgx-b', name: 'DGX H100', partId: 'dgx-h100', rackId: 'rack-b', slotU: 2, quantity: 4 },
    ],
    switches: [
      { id: 'leaf-a', name: 'Leaf A', partId: 'qm9700', rackId: 'rack-a', slotU: 40, role: 'leaf', quantity: 1 },
      { id: 'leaf-b', name: 'Leaf B', partId: 'qm9700', rackId: 'rack-b', slotU: 40, role: 'leaf', quantity: 1 },
      { id: 'spine-1', name: 'Spine 1', partId: 'qm9700', rackId: 'rack-b', slotU: 42, role: 'spine', quantity: 1 },
      { id: 'spine-2', name: 'Spine 2', partId: 'qm9700', rackId: 'rack-b', slotU: 43, role: 'spine', quantity: 1 },
    ],
    storage: [{ id: 'nvme-1', name: 'NVMe storage', partId: 'generic-nvme-1u', rackId: 'rack-a', slotU: 38, quantity: 1 }],
    pdus: [
      { id: 'pdu-a', partId: 'pdu-rack-43kw', rackId: 'rack-a', quantity: 2 },
      { id: 'pdu-b', partId: 'pdu-rack-43kw', rackId: 'rack-b', quantity: 2 },
    ],
    coolingUnits: [
      { id: 'rdhx-a', name: 'Rear door A', partId: 'rdhx-50kw', rackIds: ['rack-a'], quantity: 1 },
      { id: 'rdhx-b', name: 'Rear door B', partId: 'rdhx-50kw', rackIds: ['rack-b'], quantity: 1 },
    ],
    cables: [
      // 4 DGX x 8 rails to the rack's leaf (in-rack copper).
      { id: 'c-dgx-a', from: { entityId: 'dgx-a', port: 0 }, to: { entityId: 'leaf-a', port: 0 }, media: 'dac', linkGbps: 400, lengthM: 2, quantity: 32 },
      { id: 'c-dgx-b', from: { entityId: 'dgx-b', port: 0 }, to: { entityId: 'leaf-b', port: 0 }, media: 'dac', linkGbps: 400, lengthM: 2, quantity: 32 },
      // Each leaf: 32 uplinks, 16 to each spine (non-blocking).
      { id: 'c-la-s1', from: { entityId: 'leaf-a', port: 32 }, to: { entityId: 'spine-1', port: 0 }, media: 'fibre', linkGbps: 400, lengthM: 10, quantity: 16 },
      { id: 'c-la-s2', from: { entityId: 'leaf-a', port: 48 }, to: { entityId: 'spine-2', port: 0 }, media: 'fibre', linkGbps: 400, lengthM: 10, quantity: 16 },
      { id: 'c-lb-s1', from: { entityId: 'leaf-b', port: 32 }, to: { entityId: 'spine-1', port: 16 }, media: 'dac', linkGbps: 400, lengthM: 2, quantity: 16 },
      { id: 'c-lb-s2', from: { entityId: 'leaf-b', port: 48 }, to: { entityId: 'spine-2', port: 16 }, media: 'dac', linkGbps: 400, lengthM: 2, quantity: 16 },
    ],
    fabrics: [],
    workload: LLAMA2_7B,
    assumptions: {},
  };
  return parseDesign(doc);
}

export const TEMPLATES: readonly Template[] = [
  {
    id: 'sample',
    nameKey: 'template.sample',
    name: { en: 'Sample: 64 x H100 in two racks', 'zh-CN': '示例：两机柜 64 卡 H100' },
    description: {
      en: 'Two racks of four DGX H100, a drawn leaf/spine InfiniBand fabric, storage and a Llama-2 7B training job.',
      'zh-CN': '两个机柜各 4 台 DGX H100，手工绘制的叶/脊 InfiniBand 网络、存储与 Llama-2 7B 训练任务。',
    },
    accelerators: 64,
    build: buildSample,
  },
  {
    id: 'h100-superpod-1k',
    nameKey: 'template.h100SuperPod1k',
    name: { en: 'DGX H100 SuperPOD, 1,024 GPUs', 'zh-CN': 'DGX H100 SuperPOD，1,024 卡' },
    description: {
      en: '4 scalable units of 32 DGX H100 (4 per rack), rail-optimised non-blocking NDR fabric (QM9700), storage rack.',
      'zh-CN': '4 个可扩展单元，每单元 32 台 DGX H100（每柜 4 台），轨道优化无阻塞 NDR 网络（QM9700），存储机柜。',
    },
    accelerators: 1024,
    build: () =>
      withStorageRacks(
        generateDesign({ id: 'h100-superpod-1k', name: 'DGX H100 SuperPOD, 1,024 GPUs', accelerator: 'h100-sxm5-80gb', count: 1024, server: 'dgx-h100', serversPerRack: 4, switch: 'qm9700', cooling: 'air' }),
        'ddn-ai400x2',
        4,
      ),
  },
  {
    id: 'h100-superpod-4k',
    nameKey: 'template.h100SuperPod4k',
    name: { en: 'DGX H100 SuperPOD, 4,096 GPUs', 'zh-CN': 'DGX H100 SuperPOD，4,096 卡' },
    description: {
      en: '16 scalable units of 32 DGX H100; three-tier rail-optimised NDR fabric (128 leaf, 128 spine, 64 core).',
      'zh-CN': '16 个可扩展单元，每单元 32 台 DGX H100；三层轨道优化 NDR 网络（128 叶、128 脊、64 核心）。',
    },
    accelerators: 4096,
    build: () =>
      withStorageRacks(
        generateDesign({ id: 'h100-superpod-4k', name: 'DGX H100 SuperPOD, 4,096 GPUs', accelerator: 'h100-sxm5-80gb', count: 4096, server: 'dgx-h100', serversPerRack: 4, switch: 'qm9700', cooling: 'air' }),
        'ddn-ai400x2',
        16,
      ),
  },
  {
    id: 'ascend-910b-10k',
    nameKey: 'template.ascend10k',
    name: { en: 'Ascend 910B cluster, 10,000 cards', 'zh-CN': '昇腾 910B 万卡集群' },
    description: {
      en: '1,250 Atlas 800T A2 servers (8 x Ascend 910B each) on a 200GE RoCE fabric, rear-door cooled.',
      'zh-CN': '1,250 台 Atlas 800T A2（每台 8 张昇腾 910B），200GE RoCE 网络，背板门冷却。',
    },
    accelerators: 10_000,
    build: () =>
      generateDesign({
        id: 'ascend-910b-10k',
        name: 'Ascend 910B cluster, 10,000 cards',
        accelerator: 'ascend-910b',
        count: 10_000,
        server: 'atlas-800t-a2',
        cooling: 'air',
        site: { climate: 'temperate', electricityUsdPerKWh: 0.07, gridKgCO2PerKWh: 0.58 },
      }),
  },
  {
    id: 'gb200-nvl72-su',
    nameKey: 'template.gb200Su',
    name: { en: 'GB200 NVL72 scalable unit (576 GPUs)', 'zh-CN': 'GB200 NVL72 可扩展单元（576 卡）' },
    description: {
      en: '8 liquid-cooled GB200 NVL72 racks with in-rack CDUs and a 400G NDR fabric.',
      'zh-CN': '8 个液冷 GB200 NVL72 机柜，柜内 CDU，400G NDR 网络。',
    },
    accelerators: 576,
    build: () =>
      generateDesign({ id: 'gb200-nvl72-su', name: 'GB200 NVL72 scalable unit', accelerator: 'gb200', count: 576, server: 'gb200-nvl72', cooling: 'cold-plate', switch: 'qm9700' }),
  },
  {
    id: 'mixed-h100-ascend',
    nameKey: 'template.mixedH100Ascend',
    name: { en: 'Mixed cluster: 512 H100 + 512 Ascend 910B', 'zh-CN': '异构集群：512 卡 H100 + 512 卡昇腾 910B' },
    description: {
      en: 'Two accelerator pools, each with its own fabric, training Llama 3 70B with the model split across both chips.',
      'zh-CN': '两个加速卡资源池，各自独立网络，以跨两种芯片切分模型的方式训练 Llama 3 70B。',
    },
    accelerators: 1024,
    build: () =>
      generateDesign({
        id: 'mixed-h100-ascend',
        name: 'Mixed cluster: 512 H100 + 512 Ascend 910B',
        accelerator: 'h100-sxm5-80gb',
        count: 512,
        pools: [
          { accelerator: 'h100-sxm5-80gb', count: 512, server: 'dgx-h100', pool: 'h100' },
          { accelerator: 'ascend-910b', count: 512, server: 'atlas-800t-a2', pool: 'ascend' },
        ],
        cooling: 'air',
        workload: LLAMA3_70B_MIXED,
      }),
  },
];

/** The template with this id, or undefined. */
export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

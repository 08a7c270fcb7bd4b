/**
 * Drawn networks carry what is cabled (issue 22). A group of 4 DGX H100 (8 ConnectX-7 400G
 * compute ports each: 32 ports, 8 x 400 / 8 = 400 Gb/s per GPU, NVIDIA DGX H100 user guide)
 * cabled to a QM9700 leaf with 16 links has half its ports cabled: 16 x 400 Gb/s over
 * 4 x 8 GPUs = 200 Gb/s per GPU, and a warning names the 16 uncabled ports. Cables to a
 * management switch are not scale-out. A rack holding equipment but no PDU is named.
 */
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { evaluate } from '../evaluate';
import { inventoryStage } from '../inventory/stage';
import { design, group, rack } from '../stages.fixture';
import { warningText } from '../warning-text';
import { networkStage } from './stage';

const catalog = createCatalog();
const run = (d: ReturnType<typeof design>) => networkStage(d, catalog, inventoryStage(d, catalog));

/** 4 DGX H100 in a rack in an SU group of `count`, a QM9700 leaf beside them, `links` cables per drawn SU. */
const pod = (links: number, count = 1, extraCables: Array<Record<string, unknown>> = []) =>
  design({
    groups: [group('su', count)],
    racks: [rack('r', { groupId: 'su' })],
    servers: [{ id: 's', name: 'DGX block', partId: 'dgx-h100', rackId: 'r', slotU: 2, quantity: 4 }],
    switches: [
      { id: 'leaf', partId: 'qm9700', rackId: 'r', slotU: 40, role: 'leaf' },
      { id: 'mgmt', partId: 'qm9700', rackId: 'r', slotU: 42, role: 'management' },
    ],
    pdus: [{ id: 'p', partId: 'pdu-rack-43kw', rackId: 'r', quantity: 2 }],
    cables: [{ id: 'c', from: { entityId: 's' }, to: { entityId: 'leaf' }, media: 'dac', linkGbps: 400, quantity: links }, ...extraCables] as never,
  });

describe('drawn network: the cabled bandwidth', () => {
  it('4 servers x 8 ports cabled with 16 links: 200 of 400 Gb/s per GPU, 16 ports named uncabled', () => {
    const net = run(pod(16));
    expect(net.serverNetwork.get('s')!.nicGbps).toBe((16 * 400) / (4 * 8));
    expect(net.serverNetwork.get('s')!.nicGbps).toBe(200);
    const w = net.warnings.filter((x) => x.code === 'ports-uncabled');
    expect(w).toHaveLength(1);
    expect(w[0]!.params).toMatchObject({ name: 'DGX block', uncabled: 16, ports: 32, cabled: 200, full: 400 });
    expect(w[0]!.message).toBe('server "DGX block": 16 of 32 compute NIC ports uncabled; scale-out bandwidth 200 of 400 Gb/s per accelerator');
    expect(warningText(w[0]!, 'zh-CN')).toBe('服务器“DGX block”：32 个计算网卡端口中有 16 个未连线；每卡横向扩展带宽为 200 Gb/s（全部连线为 400 Gb/s）');
  });

  it('all 32 ports cabled: the full 400 Gb/s and no warning; more cables than ports do not add bandwidth', () => {
    for (const links of [32, 40]) {
      const net = run(pod(links));
      expect(net.serverNetwork.get('s')!.nicGbps).toBe(400);
      expect(net.warnings.filter((x) => x.code === 'ports-uncabled')).toEqual([]);
    }
  });

  it('replication: a cable line of 16 in an SU of 4 stands for 64 links over 4 x 32 ports (still half)', () => {
    const net = run(pod(16, 4));
    expect(net.serverNetwork.get('s')!.nicGbps).toBe(200);
    expect(net.warnings.find((x) => x.code === 'ports-uncabled')!.params).toMatchObject({ uncabled: 4 * 32 - 4 * 16, ports: 128 });
  });

  it('ports cabled to a management switch are not scale-out', () => {
    const net = run(pod(16, 1, [{ id: 'm', from: { entityId: 's' }, to: { entityId: 'mgmt' }, media: 'dac', linkGbps: 400, quantity: 16 }]));
    expect(net.serverNetwork.get('s')!.nicGbps).toBe(200);
    expect(net.warnings.find((x) => x.code === 'ports-uncabled')!.params).toMatchObject({ uncabled: 16 });
  });

  it('a 200G cable on a 400G port carries 200G: 32 such links give 200 Gb/s per GPU', () => {
    const d = pod(32);
    const half = design({ ...d, cables: [{ ...d.cables[0]!, linkGbps: 200 }] });
    expect(run(half).serverNetwork.get('s')!.nicGbps).toBe(200);
  });

  it('the training estimate uses it: data-parallel exchange over half the ports takes longer', () => {
    const workload = {
      model: { preset: 'llama2-7b', name: 'Llama 2 7B', layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffnHidden: 11008, gatedFfn: true, vocab: 32000, seqLength: 4096 },
      training: { tokens: 1e10, globalBatch: 256, microBatch: 1, precision: 'bf16', zeroStage: 1, parallelism: { tp: 8, pp: 1, cp: 1 } },
    };
    const step = (links: number) => {
      const r = evaluate(design({ ...pod(links), workload } as never));
      expect(r.training, JSON.stringify(r.trainingRefusal)).toBeDefined();
      return (r.training as { stepTimeS: number }).stepTimeS;
    };
    expect(step(16)).toBeGreaterThan(step(32));
  });
});

describe('racks without a PDU', () => {
  it('a rack holding a server and no PDU is named; an empty rack or one with PDUs is not', () => {
    const d = design({
      racks: [rack('a', { name: 'Rack A' }), rack('b', { name: 'Rack B' }), rack('empty', { name: 'Empty' })],
      servers: [
        { id: 's1', partId: 'dgx-h100', rackId: 'a', slotU: 2 },
        { id: 's2', partId: 'dgx-h100', rackId: 'b', slotU: 2 },
      ],
      pdus: [{ id: 'p', partId: 'pdu-rack-43kw', rackId: 'b', quantity: 2 }],
    });
    const w = evaluate(d, { skipTraining: true }).warnings.filter((x) => x.code === 'rack-no-pdu');
    expect(w.map((x) => [x.message, x.entityIds])).toEqual([['rack "Rack A" holds powered equipment but no PDU', ['a']]]);
    expect(warningText(w[0]!, 'zh-CN')).toBe('机柜“Rack A”装有用电设备，但没有 PDU');
  });
});

describe('the two warnings in reports', () => {
  it('a report lists them in English and in Chinese', async () => {
    const { buildReport } = await import('../report');
    const d = design({ ...pod(16), racks: [...pod(16).racks, rack('bare', { name: 'Bare rack' })], storage: [{ id: 'st', partId: 'ddn-ai400x2', rackId: 'bare', slotU: 2 }] } as never);
    const results = evaluate(d, { skipTraining: true });
    const en = JSON.stringify(buildReport(d, results, { lang: 'en', date: '2026-12-03', appVersion: '0' }));
    expect(en).toContain('server \\"DGX block\\": 16 of 32 compute NIC ports uncabled');
    expect(en).toContain('rack \\"Bare rack\\" holds powered equipment but no PDU');
    const zh = JSON.stringify(buildReport(d, results, { lang: 'zh-CN', date: '2026-12-03', appVersion: '0' }));
    expect(zh).toContain('32 个计算网卡端口中有 16 个未连线');
    expect(zh).toContain('机柜“Bare rack”装有用电设备，但没有 PDU');
  });
});

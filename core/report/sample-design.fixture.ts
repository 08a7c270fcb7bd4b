/**
 * Sample design for report tests (a test fixture, not shipped as a template).
 */
import type { DesignInput } from '../model';

/** 16 compute racks of 4 DGX H100 (512 GPUs), a storage/management rack, and a generated 400G fabric. */
export function sampleDesign(overrides: Partial<DesignInput> = {}): DesignInput {
  return {
    schemaVersion: 2,
    id: 'report-sample',
    name: 'H100 pod (512 GPUs)',
    description: 'Sixteen air-cooled racks of four DGX H100 with a rail-optimised NDR fabric.',
    site: { name: 'Site A', climate: 'temperate', electricityUsdPerKWh: 0.08, gridKgCO2PerKWh: 0.55, waterUsdPerM3: 1, depreciationYears: 5 },
    groups: [{ id: 'su', name: 'Scalable unit', kind: 'su', count: 2, position: { x: 0, y: 0 } }],
    racks: [
      { id: 'rk-gpu', name: 'GPU rack', groupId: 'su', position: { x: 0, y: 0 }, heightU: 42, powerBudgetW: 45_000, cooling: 'rear-door', count: 8 },
      { id: 'rk-mgmt', name: 'Storage rack', position: { x: 300, y: 0 }, heightU: 42, powerBudgetW: 15_000, cooling: 'air', count: 1 },
    ],
    servers: [{ id: 'srv', partId: 'dgx-h100', rackId: 'rk-gpu', slotU: 2, quantity: 4 }],
    switches: [{ id: 'mgmt-sw', name: 'Management switch', partId: 'sn2201', rackId: 'rk-mgmt', slotU: 40, role: 'management', quantity: 2 }],
    storage: [{ id: 'st', partId: 'ddn-ai400x2', rackId: 'rk-mgmt', slotU: 2, quantity: 2 }],
    pdus: [
      { id: 'pdu', partId: 'pdu-rack-43kw', rackId: 'rk-gpu', quantity: 2 },
      { id: 'pdu-mgmt', partId: 'pdu-rack-43kw', rackId: 'rk-mgmt', quantity: 2 },
    ],
    coolingUnits: [{ id: 'rdhx', partId: 'rdhx-50kw', rackIds: ['rk-gpu'], quantity: 16 }],
    cables: [],
    fabrics: [{ id: 'fab', name: 'Compute fabric', switchPartId: 'qm9700', tiers: 'auto', oversubscription: 1, railOptimised: true, planes: 1 }],
    assumptions: {},
    ...overrides,
  };
}

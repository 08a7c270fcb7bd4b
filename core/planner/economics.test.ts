import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../catalog';
import type { ServerSpec } from '../catalog/types';
import { fabricNodeAccelerators } from './economics';

const server = (id: string): ServerSpec => {
  const s = DEFAULT_CATALOG.servers().find((x) => x.id === id);
  if (!s) throw new Error(`no server ${id}`);
  return s;
};

describe('fabric-attached node of a server', () => {
  it('is a compute tray of a rack-scale system: 72 GPUs of a GB200 NVL72 in 18 trays of 4', () => {
    expect(fabricNodeAccelerators(server('gb200-nvl72'))).toBe(72 / 18);
  });
  it('is the whole server otherwise, and never more than the server holds', () => {
    expect(fabricNodeAccelerators(server('hgx-h100'))).toBe(8);
    const rack = { ...server('gb200-nvl72'), acceleratorsPerFabricNode: undefined };
    expect(fabricNodeAccelerators(rack)).toBe(72);
    expect(fabricNodeAccelerators({ ...server('hgx-h100'), acceleratorsPerFabricNode: 16 })).toBe(8);
  });
});

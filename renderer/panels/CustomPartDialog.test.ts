import { describe, expect, it } from 'vitest';
import { buildPart, validatePart } from './CustomPartDialog';
import { DEFAULT_CATALOG, parseCatalogPart } from '../../core/catalog';

const builtIn = new Set(DEFAULT_CATALOG.list().map((p) => p.id));
const template = DEFAULT_CATALOG.get('dgx-h100');

function serverForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Four-card box',
    id: 'four-card-box',
    vendor: 'ACME',
    acceleratorId: 'h100-sxm5-80gb',
    acceleratorsPerServer: '4',
    heightU: '4',
    maxPowerW: '4200',
    typicalPowerW: '3000',
    'computeNics.count': '4',
    'computeNics.linkGbps': '400',
    cooling: 'air',
    priceUsd: '150000',
    source: 'vendor sheet',
    ...over,
  };
}

describe('custom part form', () => {
  it('builds a server the host accepts from a catalog template', () => {
    if (!template) throw new Error('dgx-h100 missing from the catalog');
    const part = buildPart(template, 'server', serverForm());
    expect(validatePart(part, builtIn).size).toBe(0);
    const parsed = parseCatalogPart(part);
    expect(parsed).toMatchObject({
      kind: 'server',
      id: 'four-card-box',
      acceleratorsPerServer: 4,
      typicalPowerW: 3000,
      computeNics: { count: 4, linkGbps: 400 },
      custom: true,
    });
  });

  it('names the field path and reason of a refused value', () => {
    if (!template) throw new Error('dgx-h100 missing from the catalog');
    const bad = validatePart(
      buildPart(template, 'server', serverForm({ id: 'Bad Id', heightU: '0', maxPowerW: '' })),
      builtIn,
    );
    expect(bad.get('id')).toMatch(/^part\.id: must be lower-case/);
    expect(bad.get('heightU')).toBe('part.heightU: must be >= 1 (1 to 60 U; got 0)');
    expect(bad.get('maxPowerW')).toMatch(/^part\.maxPowerW: /);
    const clash = validatePart(buildPart(template, 'server', serverForm({ id: 'dgx-h100' })), builtIn);
    expect(clash.get('id')).toContain('built-in');
  });

  it('builds an accelerator with FP16 equal to BF16', () => {
    const acc = DEFAULT_CATALOG.get('h100-sxm5-80gb');
    if (!acc) throw new Error('h100 missing from the catalog');
    const part = buildPart(acc, 'accelerator', {
      name: 'My chip',
      id: 'my-chip',
      vendor: 'ACME',
      'peakTflops.bf16': '500',
      'peakTflops.fp8': '1000',
      memoryGB: '96',
      memoryTBps: '2.5',
      tdpW: '600',
      'scaleUp.kind': 'pcie',
      'scaleUp.bandwidthGBps': '64',
      'scaleUp.domainSize': '8',
      priceUsd: '10000',
      source: 'user-defined',
    });
    expect(validatePart(part, builtIn).size).toBe(0);
    expect(parseCatalogPart(part)).toMatchObject({ peakTflops: { bf16: 500, fp16: 500, fp8: 1000 }, memoryGB: 96 });
  });
});

import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { parseRequirements } from '../../core/planner';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { buildRequirements, PlannerDialog } from './PlannerDialog';

const form = {
  preset: 'gpt3-175b',
  tokensB: '300',
  globalBatch: '',
  deadlineDays: '30',
  maxPowerKW: '',
  capexM: '250',
  tcoM: '',
  allowed: { 'h100-sxm5-80gb': { on: true, max: '4096' }, b200: { on: false, max: '8192' }, mi300x: { on: true, max: '2048' } },
  cooling: { air: true, 'cold-plate': false, immersion: true },
  objective: 'tco' as const,
  mixed: false,
};

describe('PlannerDialog', () => {
  it('turns the form into valid requirements (units: billions of tokens, USD millions; empty fields omitted)', () => {
    const req = buildRequirements(form);
    expect(req.workload).toEqual({ model: 'gpt3-175b', tokens: 3e11 });
    expect(req.constraints.deadlineDays).toBe(30);
    expect(req.constraints.maxFacilityPowerKW).toBeUndefined();
    expect(req.constraints.budget).toEqual({ capexUsd: 250e6 });
    expect(req.constraints.accelerators).toEqual([
      { id: 'h100-sxm5-80gb', maxCount: 4096 },
      { id: 'mi300x', maxCount: 2048 },
    ]);
    expect(req.constraints.cooling).toEqual(['air', 'immersion']);
    const parsed = parseRequirements(req);
    expect(parsed.allowances.map((a) => a.accelerator.id)).toEqual(['h100-sxm5-80gb', 'mi300x']);
  });

  it('a form with nothing selected fails validation on the accelerators field', () => {
    const req = buildRequirements({ ...form, allowed: {} });
    expect(() => parseRequirements(req)).toThrow(/^constraints\.accelerators: /);
  });

  it('renders the form with translated strings', () => {
    const html = renderToStaticMarkup(createElement(PlannerDialog, { onOpenDesign: () => {}, onClose: () => {} }));
    expect(html).toContain(en['planner.title']);
    expect(html).toContain(en['planner.run']);
    expect(html).toContain('data-testid="planner-dialog"');
  });

  it('every planner string exists in both languages', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('planner.'));
    expect(keys.length).toBeGreaterThan(40);
    for (const k of keys) expect((zhCN as Record<string, string>)[k]).toBeTruthy();
  });
});

/**
 * The generated fabric's canvas node: planes and rail-only on its first line (rendered),
 * and below it each tier's switches with their model and the links per switch pair, from
 * the evaluated results (en and zh-CN).
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ReactFlowProvider, type NodeProps } from '@xyflow/react';
import { DEFAULT_CATALOG } from '../../core/catalog';
import { evaluate } from '../../core/evaluate';
import { templateById } from '../../core/model/templates';
import type { Design } from '../../core/model/design';
import { initAppStore } from '../store';
import { fabricViews } from '../engine/view';
import { getLocale, setLocale, t } from '../i18n';
import { FabricNode, fabricDetails } from './nodes';

function render(d: Design): string {
  initAppStore(d, (id) => DEFAULT_CATALOG.get(id));
  return renderToStaticMarkup(createElement(ReactFlowProvider, { children: createElement(FabricNode, { id: d.fabrics[0]!.id } as unknown as NodeProps) }));
}

function details(d: Design): string[] {
  const view = fabricViews(evaluate(d)).get(d.fabrics[0]!.id)!;
  return fabricDetails(view, t, getLocale(), (id) => id).map((l) => l.text);
}

describe('canvas fabric node', () => {
  const base = templateById('h100-superpod-1k')!.build();
  const twoPlanes: Design = { ...base, fabrics: base.fabrics.map((f) => ({ ...f, planes: 2 })) };
  const railOnly: Design = { ...base, fabrics: base.fabrics.map((f) => ({ ...f, railOnly: true })) };

  it('shows the planes, each tier\'s switches with its model, and the links per pair', () => {
    setLocale('en');
    expect(render(twoPlanes)).toContain('planes 2');
    // 2 planes x 16 leaves and 2 x 8 spines of QM9700; 32 uplinks per leaf over 8 spines = 4 links per pair.
    expect(details(twoPlanes)).toEqual(['2-tier', 'leaf 32 × qm9700', 'spine 16 × qm9700', 'links per pair: leaf–spine 4']);
  });

  it('rail-only, in Chinese', () => {
    setLocale('zh-CN');
    try {
      const html = render(railOnly);
      expect(html).toContain('纯轨道（无脊层）');
      expect(html).toContain('平面 1');
      // 8 rails x (4 leaves + 2 spines), 16 links per pair.
      expect(details(railOnly)).toEqual(['2 层', '叶 32 × qm9700', '脊 16 × qm9700', '每对链路：叶–脊 16']);
    } finally {
      setLocale('en');
    }
  });
});

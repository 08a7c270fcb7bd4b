/**
 * Level of detail: rack and equipment nodes are plain boxes when the canvas is zoomed
 * out below LOD_ZOOM and detailed above it. Zoomed in, equipment shows its cable handles;
 * zoomed out, only equipment with cables (so edges keep their ends) or selected equipment does.
 * Rendered on the server with React Flow's own store, fitted to a given view size
 * (fitView with initialWidth/initialHeight computes the zoom at creation).
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ReactFlowProvider, type Node, type NodeProps } from '@xyflow/react';
import { DEFAULT_CATALOG } from '../../core/catalog';
import { addRack, addToRack, connectPorts, emptyDesign, type OpResult } from '../store/ops';
import { initAppStore } from '../store';
import { ItemNode, LOD_ZOOM, RackNode, ZoomedOutProvider } from './nodes';
import { layoutDesign } from './layout';
import type { Design } from '../../core/model/design';

const parts = (id: string) => DEFAULT_CATALOG.get(id);
const ok = (r: OpResult): Design => {
  if (!r.ok) throw new Error(r.error.key);
  return r.design;
};

function design(cabled = false): Design {
  let d = emptyDesign('d', 'lod');
  d = ok(addRack(d, { position: { x: 0, y: 0 }, heightU: 42 }));
  d = ok(addToRack(d, 'rack-1', 'dgx-h100', parts));
  if (cabled) {
    d = ok(addToRack(d, 'rack-1', 'qm9700', parts));
    d = ok(connectPorts(d, 'srv-1', d.switches[0]!.id, parts));
  }
  return d;
}

/** Render a node inside a React Flow store fitted so that the design spans `viewWidth` px. */
function render(
  kind: 'rack' | 'item',
  id: string,
  viewWidth: number,
  opts: { cabled?: boolean; selected?: boolean } = {},
): string {
  const d = design(opts.cabled);
  initAppStore(d, parts);
  const nodes: Node[] = layoutDesign(d, parts).map((l) => ({
    id: l.id,
    type: l.kind,
    position: l.position,
    ...(l.parentId ? { parentId: l.parentId } : {}),
    width: l.width,
    height: l.height,
    data: { itemKind: l.itemKind, mounted: l.mounted },
  }));
  const props = {
    id,
    data: nodes.find((n) => n.id === id)!.data,
    selected: opts.selected ?? false,
  } as unknown as NodeProps;
  return renderToStaticMarkup(
    createElement(ReactFlowProvider, {
      initialNodes: nodes,
      fitView: true,
      initialWidth: viewWidth,
      initialHeight: viewWidth,
      initialMinZoom: 0.01,
      children: createElement(ZoomedOutProvider, {
        children: createElement(kind === 'rack' ? RackNode : ItemNode, props),
      }),
    }),
  );
}

describe('level of detail', () => {
  it('draws plain boxes when zoomed out, details when zoomed in', () => {
    // The rack is 200 px wide and 470 px high: a 60 px view fits it at about 0.1x (< LOD_ZOOM),
    // a 2,000 px view at the maximum zoom (> LOD_ZOOM).
    expect(LOD_ZOOM).toBeGreaterThan(0.1);
    const far = render('rack', 'rack-1', 60);
    expect(far).toContain('n-rack lod');
    expect(far).not.toContain('ulabels');
    const near = render('rack', 'rack-1', 2000);
    expect(near).not.toContain(' lod');
    expect(near).toContain('ulabels');
    expect(near).toContain('data-testid="rack-usage-rack-1"');

    const farItem = render('item', 'srv-1', 60);
    expect(farItem).toContain('n-item lod');
    expect(farItem).not.toContain('class="nm"');
    const nearItem = render('item', 'srv-1', 2000);
    expect(nearItem).toContain('class="nm"');
    // Handles: always when zoomed in; zoomed out only on cabled or selected equipment.
    const handles = (html: string) => html.includes('data-handleid="net"') && html.includes('data-handleid="power"');
    expect(handles(nearItem)).toBe(true);
    expect(farItem).not.toContain('data-handleid');
    expect(handles(render('item', 'srv-1', 60, { cabled: true }))).toBe(true);
    expect(handles(render('item', 'srv-1', 60, { selected: true }))).toBe(true);
  });
});

/**
 * The parts library lists the catalog: every built-in server, switch, storage system,
 * cooling unit and rack PDU has a draggable entry, among them the parts added for the
 * chips and systems architects in China buy (issue 21). Rendered on the server.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { DEFAULT_CATALOG } from '../../core/catalog';
import { Palette } from './Palette';

const html = renderToStaticMarkup(createElement(Palette));
const hasEntry = (id: string) => html.includes(`data-testid="palette-${id}"`);

describe('palette', () => {
  it('has an entry for the servers of the new chips, the liquid-cooled 4U HGX servers and the new switches', () => {
    for (const id of [
      'hgx-h20',
      'hgx-b300',
      'mi325x-platform',
      'mi355x-platform',
      'kuae-s5000',
      'metax-c500-8x',
      'metax-c600-8x',
      'mlu590-8x',
      'hygon-k100-8x',
      'br104-8x',
      'hgx-h100-4u-liquid',
      'hgx-h200-4u-liquid',
      'arista-7808r3',
      'minipack3-51t2',
    ]) {
      expect(DEFAULT_CATALOG.get(id), id).toBeDefined();
      expect(hasEntry(id), id).toBe(true);
    }
  });

  it('lists every placeable built-in part (servers, switches, storage, cooling, rack PDUs)', () => {
    const placeable = DEFAULT_CATALOG.list().filter(
      (p) => ['server', 'switch', 'storage', 'cooling'].includes(p.kind) || (p.kind === 'power' && p.powerKind === 'pdu'),
    );
    expect(placeable.length).toBeGreaterThan(40);
    for (const p of placeable) expect(hasEntry(p.id), p.id).toBe(true);
  });

  it('shows the server of a new chip with its accelerator count, height and power', () => {
    // hgx-b300: 8x b300, 10U, 14.0 kW; the accelerator by its name without vendor and parenthesis
    // ("NVIDIA B300 (HGX)" -> "B300"), not its catalog id.
    const i = html.indexOf('data-testid="palette-hgx-b300"');
    expect(html.slice(i, i + 400)).toContain('8× B300 · 10U · 14.0 kW');
  });
});

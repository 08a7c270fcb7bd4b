/** The parts library: catalog parts by category with search, dragged onto the canvas; the user's custom parts. */
import { memo, useMemo, useState } from 'react';
import { useI18n, type Locale, type MessageKey } from '../i18n';
import { partName, termText } from '../i18n/catalogText';
import { useCatalog } from '../app/catalog';
import { CustomPartDialog, openCustomPartDialog, useCustomPartDialog } from '../panels/CustomPartDialog';
import type { CatalogPart } from '../../core/catalog/types';

export const PALETTE_MIME = 'application/x-cwb-palette';

export type PaletteDrag =
  { type: 'group' } | { type: 'rack' } | { type: 'fabric'; partId: string } | { type: 'part'; partId: string };

interface Entry {
  key: string;
  /** Custom part id: the entry gets an edit button. */
  editId?: string;
  drag: PaletteDrag;
  name: string;
  sub: string;
  kind: string;
  search: string;
}

/** An accelerator as a server line names it: its display name without the vendor and the parenthesis (H100 SXM5 80GB). */
export function shortAcceleratorName(locale: Locale, acc: CatalogPart | undefined, id: string): string {
  if (!acc) return id;
  let name = partName(locale, acc)
    .replace(/\s*[(（][^)）]*[)）]\s*$/u, '')
    .trim();
  if (name.toLowerCase().startsWith(`${acc.vendor.toLowerCase()} `)) name = name.slice(acc.vendor.length + 1);
  return name || id;
}

function describe(locale: Locale, p: CatalogPart, lookup: (id: string) => CatalogPart | undefined): string {
  switch (p.kind) {
    case 'server':
      return `${p.acceleratorsPerServer}× ${shortAcceleratorName(locale, lookup(p.acceleratorId), p.acceleratorId)} · ${p.heightU}U · ${(p.maxPowerW / 1000).toFixed(1)} kW`;
    case 'switch':
      return `${p.ports}×${p.portGbps}G · ${termText(locale, 'protocol', p.protocol)} · ${p.heightU}U`;
    case 'storage':
      return `${p.capacityTB} TB · ${p.heightU}U · ${p.powerW} W`;
    case 'cooling':
      return `${termText(locale, 'cooling', p.coolingKind)} · ${p.capacityKW} kW · COP ${p.cop}`;
    case 'power':
      return `${termText(locale, 'power', p.powerKind)} · ${p.capacityKW} kW`;
    case 'accelerator':
      return `${p.peakTflops.bf16} TFLOPS · ${p.memoryGB} GB · ${p.tdpW} W`;
    default:
      return p.vendor;
  }
}

const CATEGORIES: Array<{ kind: CatalogPart['kind']; label: MessageKey }> = [
  { kind: 'server', label: 'palette.servers' },
  { kind: 'switch', label: 'palette.switches' },
  { kind: 'storage', label: 'palette.storage' },
  { kind: 'cooling', label: 'palette.cooling' },
  { kind: 'power', label: 'palette.power' },
];

function onDragStart(e: React.DragEvent, drag: PaletteDrag) {
  e.dataTransfer.setData(PALETTE_MIME, JSON.stringify(drag));
  e.dataTransfer.effectAllowed = 'copy';
}

/** Parts that can be placed on the canvas (accelerators go inside servers). */
const PLACEABLE = new Set<CatalogPart['kind']>(['server', 'switch', 'storage', 'cooling', 'power']);

const Item = memo(function Item({ entry, editTitle }: { entry: Entry; editTitle?: string }) {
  // Accelerators drag too: dropped, they open a new server hosting them (see dropItem).
  const draggable = true;
  return (
    <div
      className={`item k-${entry.kind}`}
      draggable={draggable}
      onDragStart={draggable ? (e) => onDragStart(e, entry.drag) : undefined}
      data-testid={`palette-${entry.key}`}
      title={`${entry.name}\n${entry.sub}`}
      style={entry.editId ? { position: 'relative', paddingRight: 24 } : undefined}
    >
      <span className="nm">{entry.name}</span>
      <span className="sub">{entry.sub}</span>
      {entry.editId && (
        <button
          className="icon-btn"
          title={editTitle}
          aria-label={editTitle}
          data-testid={`palette-edit-${entry.editId}`}
          onClick={() => openCustomPartDialog(entry.editId)}
          style={{
            position: 'absolute',
            right: 4,
            top: 4,
            border: 'none',
            background: 'transparent',
            cursor: 'pointer',
          }}
        >
          ✎
        </button>
      )}
    </div>
  );
});

export function Palette() {
  const { t, locale } = useI18n();
  const catalog = useCatalog((s) => s.catalog);
  const customParts = useCatalog((s) => s.customParts);
  const dialogOpen = useCustomPartDialog((s) => s.open);
  const [q, setQ] = useState('');
  const sections = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const match = (e: Entry) => !needle || e.search.includes(needle);
    const fabricSwitch = catalog.switches().find((s) => s.id === 'qm9700') ?? catalog.switches()[0];
    const structure: Entry[] = (
      [
        {
          key: 'group',
          drag: { type: 'group' } as PaletteDrag,
          name: t('palette.group'),
          sub: t('palette.groupSub'),
          kind: 'structure',
          search: '',
        },
        {
          key: 'rack',
          drag: { type: 'rack' } as PaletteDrag,
          name: t('palette.rack'),
          sub: '42U · 40 kW',
          kind: 'structure',
          search: '',
        },
        ...(fabricSwitch
          ? [
              {
                key: 'fabric',
                drag: { type: 'fabric', partId: fabricSwitch.id } as PaletteDrag,
                name: t('palette.fabric'),
                sub: partName(locale, fabricSwitch),
                kind: 'fabric',
                search: '',
              },
            ]
          : []),
      ] as Entry[]
    ).map((e) => ({ ...e, search: `${e.name} ${e.sub} ${e.key}`.toLowerCase() }));
    const out: Array<{ label: string; entries: Entry[]; custom?: boolean }> = [
      { label: t('palette.structure'), entries: structure.filter(match) },
    ];
    const lookup = (id: string) => catalog.get(id);
    for (const c of CATEGORIES) {
      const entries = catalog
        .list(c.kind)
        .filter((p) => p.kind !== 'power' || p.powerKind === 'pdu')
        .map((p): Entry => ({
          key: p.id,
          drag: { type: 'part', partId: p.id },
          name: partName(locale, p),
          sub: describe(locale, p, lookup),
          kind: p.kind,
          search: `${p.id} ${p.name} ${partName(locale, p)} ${p.vendor} ${describe(locale, p, lookup)}`.toLowerCase(),
        }))
        .filter(match);
      out.push({ label: t(c.label), entries });
    }
    const custom = customParts
      .map((p): Entry => ({
        key: `custom-${p.id}`,
        editId: p.id,
        drag: { type: 'part', partId: p.id },
        name: p.name,
        sub: describe(locale, p, lookup),
        kind: PLACEABLE.has(p.kind) ? p.kind : 'accelerator',
        search: `${p.id} ${p.name} ${p.vendor} ${describe(locale, p, lookup)} ${t('palette.custom')}`.toLowerCase(),
      }))
      .filter(match);
    out.push({ label: t('palette.custom'), entries: custom, custom: true });
    return out;
  }, [catalog, customParts, q, t, locale]);
  const total = sections.reduce((s, x) => s + x.entries.length, 0);
  return (
    <aside className="palette" data-testid="palette">
      <div className="panel-header">{t('palette.title')}</div>
      <input
        className="search"
        type="search"
        placeholder={t('palette.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="palette-search"
      />
      <div className="hint">{t('palette.hint')}</div>
      <div className="list">
        {sections.map((s) =>
          s.entries.length || s.custom ? (
            <div key={s.label} data-testid={s.custom ? 'palette-custom' : undefined}>
              <div className="cat">{s.label}</div>
              {s.entries.map((e) => (
                <Item key={e.key} entry={e} editTitle={t('palette.editPart')} />
              ))}
              {s.custom && (
                <button
                  className="btn"
                  data-testid="palette-new-part"
                  onClick={() => openCustomPartDialog(null)}
                  style={{ margin: '4px 0 8px', width: '100%' }}
                >
                  {t('palette.newPart')}
                </button>
              )}
            </div>
          ) : null,
        )}
        {total === 0 && <div className="empty-note">{t('palette.empty')}</div>}
      </div>
      {dialogOpen && <CustomPartDialog />}
    </aside>
  );
}

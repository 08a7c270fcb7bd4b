/**
 * Custom React Flow node types. Each node carries only its id and looks its
 * entity up in the store, so editing one entity re-renders one node. All are
 * memoised and `nodeTypes` is defined at module level.
 */
import {
  createContext,
  memo,
  useContext,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';
import {
  Handle,
  NodeResizeControl,
  Position,
  useStore as useFlowStore,
  useStoreApi as useFlowStoreApi,
  type NodeProps,
  type ReactFlowState,
} from '@xyflow/react';
import { useI18n, fmtNumber, type Locale } from '../i18n';
import { partName, termText } from '../i18n/catalogText';
import { useApp, getAppStore } from '../store';
import { cabledIds, entityIndex, rackUsage } from './select';
import { useCatalog } from '../app/catalog';
import { useRackPowerW, useEntityWarnings, useFabricView, usePoolColour, type FabricView } from '../engine/view';
import { U_PX } from './layout';
import type { Group, Rack, Fabric, CoolingUnit } from '../../core/model/design';
import type { MountedEntity } from '../store/ops';
import type { NodeData } from './Canvas';

/**
 * Level of detail: below this zoom a rack or a piece of equipment is drawn as a plain
 * box with its name only (its U numbers, power bar text and sub-lines would be under
 * 6 px on screen), which keeps thousands of nodes cheap to lay out and paint. Handles
 * and warning badges stay, so cables and warnings still show.
 */
export const LOD_ZOOM = 0.6;
/**
 * Below this zoom equipment drops its name too (a 1U box is under 1.5 px high, and a
 * canvas this far out holds thousands of nodes); racks and groups keep theirs.
 */
export const LABEL_MIN_ZOOM = 0.15;
/** 0: detailed; 1: plain boxes with names; 2: plain boxes, equipment without names. */
type Detail = 0 | 1 | 2;
const detailSelector = (s: ReactFlowState): Detail => {
  const z = s.transform[2];
  return z >= LOD_ZOOM ? 0 : z >= LABEL_MIN_ZOOM ? 1 : 2;
};
const DetailContext = createContext<Detail>(0);
/**
 * Publishes the level of detail to the nodes. One subscription to React Flow's store
 * here instead of one per node: that store changes on every frame of a drag, and each
 * subscriber is asked each time (canvas bench, 2,000 nodes).
 */
export function ZoomedOutProvider({ children }: { children: ReactNode }) {
  return <DetailContext.Provider value={useFlowStore(detailSelector)}>{children}</DetailContext.Provider>;
}
/** True while the canvas is zoomed out below LOD_ZOOM (nodes re-render only when it flips). */
export function useZoomedOut(): boolean {
  return useContext(DetailContext) > 0;
}
/** True while zoomed-out equipment still shows its name (LABEL_MIN_ZOOM <= zoom < LOD_ZOOM). */
function useLodNames(): boolean {
  return useContext(DetailContext) === 1;
}

/**
 * Names stay readable at any zoom: the canvas wrapper carries the zoom as the CSS
 * variable --cz (written straight to the element, no re-render), and name labels are
 * sized max(their size, N px / --cz) in styles.css, so they never fall below N px on
 * screen (and are clipped to their box).
 */
export function useZoomCssVariable(el: { current: HTMLElement | null }): void {
  const flowStore = useFlowStoreApi();
  useEffect(() => {
    let last = Number.NaN;
    const apply = (z: number) => {
      if (z === last || !el.current) return;
      last = z;
      el.current.style.setProperty('--cz', String(z));
    };
    apply(flowStore.getState().transform[2]);
    return flowStore.subscribe((s) => apply(s.transform[2]));
  }, [flowStore, el]);
}

type MeasureRequest = { id: string; nodeElement: HTMLDivElement; force: boolean };
// Handles that appear after a node was first drawn must be measured by React Flow (edges and
// new cables start from the measured positions). Requests are gathered and sent as one update
// per frame: zooming in can reveal the handles of thousands of nodes at once.
const pendingMeasure = new Map<string, MeasureRequest>();
let measureFlush: ((m: Map<string, MeasureRequest>) => void) | null = null;
function requestMeasure(id: string, el: HTMLElement | null, flush: (m: Map<string, MeasureRequest>) => void): void {
  const nodeElement = el?.closest<HTMLDivElement>('.react-flow__node');
  if (!nodeElement) return;
  pendingMeasure.set(id, { id, nodeElement, force: true });
  if (measureFlush) return;
  measureFlush = flush;
  requestAnimationFrame(() => {
    const batch = new Map(pendingMeasure);
    pendingMeasure.clear();
    const f = measureFlush;
    measureFlush = null;
    f?.(batch);
  });
}

function useEntity<T>(id: string): T | undefined {
  return useApp((s) => entityIndex(s.design).get(id)?.entity as T | undefined);
}

function WarningBadge({ id }: { id: string }) {
  const w = useEntityWarnings(id);
  if (!w || (w.errors === 0 && w.warnings === 0)) return null;
  const cls = w.errors > 0 ? 'error' : 'warning';
  return (
    <span className={`badge ${cls} err-badge`} data-testid={`badge-${id}`} title={w.messages.join('\n')}>
      {w.errors + w.warnings}
    </span>
  );
}

/** Editable "x N" replication badge. */
function CountBadge({ id, count, testId }: { id: string; count: number; testId: string }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const n = Number(draft);
    if (draft.trim() !== '' && n !== count) getAppStore().getState().setCount(id, n);
    setDraft(null);
  };
  return (
    <span className="count-badge nodrag" title={t('inspector.count')}>
      ×
      <input
        data-testid={testId}
        value={draft ?? String(count)}
        inputMode="numeric"
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          if (e.key === 'Escape') setDraft(null);
          e.stopPropagation();
        }}
      />
    </span>
  );
}

export const GroupNode = memo(function GroupNode({ id, data, selected }: NodeProps) {
  const { t } = useI18n();
  const g = useEntity<Group>(id);
  if (!g) return null;
  const min = (data as NodeData).minSize;
  return (
    <div className="n n-group" data-testid={`node-${id}`} data-kind="group">
      {selected && (
        // Resized from its corner only, so its top-left (and its contents) stay put; never
        // smaller than its contents. The size is committed as one edit when the drag ends.
        <NodeResizeControl
          position="bottom-right"
          minWidth={min?.width}
          minHeight={min?.height}
          className="group-resize nodrag"
        >
          <span className="grip" data-testid={`group-resize-${id}`} title={t('canvas.resizeGroup')} />
        </NodeResizeControl>
      )}
      <div className="hdr">
        <span className="kind">{g.kind}</span>
        <span className="nm" data-label="">
          {g.name}
        </span>
        <CountBadge id={id} count={g.count} testId={`group-count-${id}`} />
        <span style={{ flex: 1 }} />
        {g.count > 1 && <span className="kind">{t('canvas.count', { n: g.count })}</span>}
      </div>
      <WarningBadge id={id} />
    </div>
  );
});

function heatColour(ratio: number): string {
  // green -> amber -> red as the rack approaches and exceeds its budget
  const r = Math.max(0, Math.min(1.2, ratio));
  const hue = r >= 1 ? 0 : 130 - 100 * r;
  return `hsla(${hue}, 75%, 50%, 0.28)`;
}

export const RackNode = memo(function RackNode({ id }: NodeProps) {
  const { t, locale } = useI18n();
  const r = useEntity<Rack>(id);
  const usage = useApp((s) => (r ? rackUsage(s.design, r.id, r.heightU, s.parts) : 0));
  const powerW = useRackPowerW(id);
  const heat = useApp((s) => s.heatOverlay);
  const served = useApp((s) => s.design.coolingUnits.some((c) => c.rackIds.includes(id)));
  const lod = useZoomedOut();
  if (!r) return null;
  const servesHandle = served && <Handle type="target" position={Position.Right} id="serves" className="h-serves" isConnectable={false} />;
  const ratio = powerW !== undefined ? powerW / r.powerBudgetW : 0;
  const style: CSSProperties = heat && powerW !== undefined ? { background: heatColour(ratio) } : {};
  if (lod) {
    return (
      <div
        className={`n n-rack lod${heat ? ' heat' : ''}`}
        style={style}
        data-testid={`node-${id}`}
        data-kind="rack"
        title={r.name}
      >
        <div className="hdr">
          <span className="nm" data-label="">
            {r.name}
          </span>
          {r.count > 1 && <span className="count-badge">{t('canvas.count', { n: r.count })}</span>}
        </div>
        {powerW !== undefined && (
          <div
            className={`lod-pbar${ratio > 1 ? ' over' : ratio > 0.85 ? ' hi' : ''}`}
            style={{ width: `${Math.min(100, ratio * 100)}%` }}
          />
        )}
        {servesHandle}
        <WarningBadge id={id} />
      </div>
    );
  }
  const budgetKW = fmtNumber(locale, r.powerBudgetW / 1000, 1);
  const ulabels = [];
  for (let u = r.heightU; u >= 1; u--) {
    if (u % 5 === 0 || u === 1) {
      ulabels.push(
        <div key={u} style={{ position: 'absolute', bottom: (u - 1) * U_PX, height: U_PX, lineHeight: `${U_PX}px` }}>
          {u}
        </div>,
      );
    }
  }
  return (
    <div className={`n n-rack${heat ? ' heat' : ''}`} style={style} data-testid={`node-${id}`} data-kind="rack">
      <div className="hdr">
        <div className="row1">
          <span className="nm" title={r.name} data-label="">
            {r.name}
          </span>
          {r.count > 1 && (
            <span className="count-badge" style={{ paddingRight: 7 }}>
              {t('canvas.count', { n: r.count })}
            </span>
          )}
          <span className="usage" data-testid={`rack-usage-${id}`}>
            {t('canvas.rackUsage', { used: usage, total: r.heightU })}
          </span>
          <button
            className="elev nodrag"
            title={t('canvas.openElevation')}
            aria-label={t('canvas.openElevation')}
            data-testid={`rack-elevation-${id}`}
            onClick={(e) => {
              e.stopPropagation();
              getAppStore().getState().openElevation(id);
            }}
          >
            ☰
          </button>
        </div>
        <div className="pbar" data-testid={`rack-power-${id}`}>
          {powerW !== undefined && (
            <div
              className={`fill${ratio > 1 ? ' over' : ratio > 0.85 ? ' hi' : ''}`}
              style={{ width: `${Math.min(100, ratio * 100)}%` }}
            />
          )}
          <span className="lbl">
            {powerW !== undefined
              ? t('canvas.power', { kw: fmtNumber(locale, powerW / 1000, 1), budget: budgetKW })
              : t('canvas.powerNoResult', { budget: budgetKW })}
          </span>
        </div>
      </div>
      <div className="ulabels" style={{ height: r.heightU * U_PX }}>
        {ulabels}
      </div>
      <div className="ubay" style={{ height: r.heightU * U_PX }} />
      {servesHandle}
      <WarningBadge id={id} />
    </div>
  );
});

function partLabel(locale: Locale, partId: string, name?: string): { title: string; sub: string } {
  const part = useCatalog.getState().catalog.get(partId);
  return { title: name || (part ? partName(locale, part) : partId), sub: part ? '' : partId };
}

export const ItemNode = memo(function ItemNode({ id, data, selected }: NodeProps) {
  const { t, locale } = useI18n();
  const e = useEntity<MountedEntity | CoolingUnit>(id);
  const catalog = useCatalog((s) => s.catalog);
  const lod = useZoomedOut();
  const lodNames = useLodNames();
  const cabled = useApp((s) => cabledIds(s.design).has(id));
  const servesRacks = !!e && 'rackIds' in e && e.rackIds.length > 0;
  const servesHandle = servesRacks && <Handle type="source" position={Position.Left} id="serves" className="h-serves" isConnectable={false} />;
  const [hover, setHover] = useState(false);
  // On a mixed-chip design, servers carry their pool's colour (as in the results' pipeline split).
  const serverPart = e && 'partId' in e ? catalog.getOfKind(e.partId, 'server') : undefined;
  const poolColour = usePoolColour(
    serverPart ? ((e as MountedEntity & { pool?: string }).pool ?? serverPart.acceleratorId) : undefined,
  );
  const poolStyle: CSSProperties | undefined = poolColour ? { borderLeft: `4px solid ${poolColour}` } : undefined;
  // Zoomed out, a handle is a 3 px dot: it is drawn only where a cable ends, on the node
  // under the pointer (to start or end a cable) and on selected nodes. Every handle is a
  // subscriber to React Flow's store and a paint chunk the browser re-layerizes on each
  // frame of a drag (canvas bench, 2,000 nodes: about a third of the time per mouse move).
  const handles = !lod || cabled || hover || !!selected;
  const ref = useRef<HTMLDivElement>(null);
  const flowStore = useFlowStoreApi();
  const shown = useRef(handles);
  useEffect(() => {
    if (handles && !shown.current) requestMeasure(id, ref.current, (m) => flowStore.getState().updateNodeInternals(m));
    shown.current = handles;
  }, [handles, id, flowStore]);
  if (!e) return null;
  const d = data as { itemKind: string; mounted?: boolean };
  if (lod) {
    // 0U strips (vertical PDUs) are too narrow for a name: it is their tooltip.
    const slimStrip = d.mounted && d.itemKind === 'pdu';
    const label = lodNames && !slimStrip ? `${partLabel(locale, e.partId, e.name).title}${e.quantity > 1 ? ` ×${e.quantity}` : ''}` : '';
    return (
      <div
        ref={ref}
        className={`n n-item lod k-${d.itemKind}${d.mounted ? '' : ' free'}${label ? ' named' : ''}`}
        title={label || undefined}
        style={poolColour ? { borderLeftColor: poolColour, borderLeftWidth: 6 } : undefined}
        data-testid={`node-${id}`}
        data-kind={d.itemKind}
        data-pool-colour={poolColour}
        onMouseEnter={() => setHover(true)}
        onMouseLeave={() => setHover(false)}
      >
        {label && (
          <div className="nm" data-label="">
            {label}
          </div>
        )}
        {handles && d.itemKind !== 'pdu' && d.itemKind !== 'coolingUnit' && (
          <Handle type="source" position={Position.Right} id="net" className="h-net" />
        )}
        {handles && (d.itemKind === 'pdu' || d.itemKind === 'server') && (
          <Handle type="source" position={Position.Left} id="power" className="h-power" />
        )}
        {servesHandle}
        <WarningBadge id={id} />
      </div>
    );
  }
  const part = catalog.get(e.partId);
  const { title } = partLabel(locale, e.partId, e.name);
  const qty = e.quantity > 1 ? ` ×${e.quantity}` : '';
  let sub = part ? '' : t('canvas.unknownPart', { id: e.partId });
  if (part?.kind === 'server')
    sub = `${part.acceleratorsPerServer}× ${part.acceleratorId} · ${part.computeNics.count}×${part.computeNics.linkGbps}G`;
  else if (part?.kind === 'switch') sub = `${part.ports}×${part.portGbps}G · ${termText(locale, 'protocol', part.protocol)}`;
  else if (part?.kind === 'storage') sub = `${part.capacityTB} TB · ${part.readGBps} GB/s`;
  else if (part?.kind === 'cooling') sub = `${termText(locale, 'cooling', part.coolingKind)} · ${part.capacityKW} kW`;
  else if (part?.kind === 'power') sub = `${termText(locale, 'power', part.powerKind)} · ${part.capacityKW} kW`;
  const isPdu = d.itemKind === 'pdu';
  const isCooling = d.itemKind === 'coolingUnit';
  const slim = d.mounted && isPdu;
  const heightPx = d.mounted && part && 'heightU' in part ? part.heightU * e.quantity * U_PX : 99;
  return (
    <div
      ref={ref}
      className={`n n-item k-${d.itemKind}${d.mounted ? '' : ' free'}${d.mounted && heightPx < 16 ? ' tiny' : ''}${slim ? ' strip' : ''}`}
      style={poolStyle}
      data-pool-colour={poolColour}
      data-testid={`node-${id}`}
      data-kind={d.itemKind}
      title={`${title}${qty}${sub ? `\n${sub}` : ''}`}
    >
      {!slim && (
        <>
          <div className="nm" data-label="">
            {title}
            {qty}
          </div>
          {heightPx >= 24 && sub && <div className="sub">{sub}</div>}
        </>
      )}
      {!isPdu && !isCooling && <Handle type="source" position={Position.Right} id="net" className="h-net" />}
      {(isPdu || d.itemKind === 'server') && (
        <Handle type="source" position={isPdu ? Position.Left : Position.Left} id="power" className="h-power" />
      )}
      {servesHandle}
      <WarningBadge id={id} />
    </div>
  );
});

/** The lines of a generated fabric's canvas node below its name: tiers, each tier's switches and model, links per pair, front-end. */
export function fabricDetails(view: FabricView, t: ReturnType<typeof useI18n>['t'], locale: Locale, nameOf: (id: string) => string): Array<{ key: string; text: string; title?: string }> {
  const out: Array<{ key: string; text: string; title?: string }> = [{ key: 'tiers', text: t('canvas.fabricTiers', { tiers: view.tiers }) }];
  for (const s of view.switches) {
    out.push({ key: s.label, text: `${t(`canvas.tier.${s.label}`)} ${fmtNumber(locale, s.count, 0)} × ${s.model}`, title: nameOf(s.model) });
  }
  const pairs = view.summary.linksPerPair;
  if (pairs && pairs.leafSpine > 0) {
    out.push({ key: 'pairs', text: pairs.spineCore > 0 ? t('canvas.fabricPairsCore', { ls: pairs.leafSpine, sc: pairs.spineCore }) : t('canvas.fabricPairs', { ls: pairs.leafSpine }) });
  }
  if (view.summary.frontEnd) out.push({ key: 'frontEnd', text: t('canvas.fabricFrontEnd', { n: fmtNumber(locale, view.summary.frontEnd.switches, 0) }) });
  return out;
}

export const FabricNode = memo(function FabricNode({ id }: NodeProps) {
  const { t, locale } = useI18n();
  const f = useEntity<Fabric>(id);
  const view = useFabricView(id);
  const catalog = useCatalog((s) => s.catalog);
  if (!f) return null;
  const part = catalog.get(f.switchPartId);
  const shape = f.railOnly ? t('canvas.fabricRailOnly') : f.railOptimised ? t('inspector.railOptimised') : '';
  const nameOf = (pid: string) => {
    const p = catalog.get(pid);
    return p ? partName(locale, p) : pid;
  };
  return (
    <div className="n n-fabric" data-testid={`node-${id}`} data-kind="fabric">
      <div className="nm">{f.name}</div>
      <div className="sub">
        {part ? partName(locale, part) : f.switchPartId} · {shape} · {f.oversubscription}:1 · {t('canvas.fabricPlanes', { planes: f.planes })}
      </div>
      <div className="tiers">
        {view ? (
          fabricDetails(view, t, locale, nameOf).map((l) => (
            <span className="tier" key={l.key} data-detail={l.key} {...(l.title ? { title: l.title } : {})}>
              {l.text}
            </span>
          ))
        ) : (
          <span className="sub">{t('canvas.fabricPending')}</span>
        )}
      </div>
      <Handle type="source" position={Position.Top} id="net" className="h-net" />
      <WarningBadge id={id} />
    </div>
  );
});

export const nodeTypes = {
  group: GroupNode,
  rack: RackNode,
  item: ItemNode,
  fabric: FabricNode,
};

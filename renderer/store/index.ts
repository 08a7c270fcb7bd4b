/**
 * The one application store, built from typed slices (document, selection, ui).
 * Actions are verbs; every edit of the document goes through `apply`, which
 * records an undo entry, so undo/redo covers every edit.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore as useZustandStore } from 'zustand';
import type { Design, GroupKind, Position, Site, Workload, Cable } from '../../core/model/design';
import * as ops from './ops';
import { autoLayout as autoLayoutDesign } from '../canvas/autoLayout';
import type { Clip, OpResult, PartLookup, Refusal } from './ops';

export const HISTORY_LIMIT = 200;

export interface DocumentSlice {
  design: Design;
  /** The design as last saved (or loaded): the document is dirty when it differs. */
  savedDesign: Design | null;
  past: Design[];
  future: Design[];
  parts: PartLookup;
  setParts(parts: PartLookup): void;
  /** Replace the document (open/new); clears history. `saved` marks it as clean. */
  loadDesign(design: Design, saved: boolean): void;
  markSaved(design?: Design): void;
  undo(): void;
  redo(): void;
  /** Apply a pure operation as one undoable edit. Returns the operation's result. */
  apply(result: OpResult): OpResult;
  addGroup(kind: GroupKind, position: Position, parentId?: string): OpResult;
  addRack(r: ops.NewRack): OpResult;
  addServer(rackId: string, partId: string, slotU?: number): OpResult;
  addToRack(rackId: string, partId: string, slotU?: number): OpResult;
  addFreeStanding(partId: string, position: Position, groupId?: string): OpResult;
  /** A cooling unit serving a rack (dropped onto it). */
  addCoolingToRack(partId: string, rackId: string): OpResult;
  addFabric(switchPartId: string, position: Position, groupId?: string): OpResult;
  moveNode(id: string, position: Position): OpResult;
  /** Move several nodes as one undo entry (a multi-node drag); `groupId` (null = none) re-parents. */
  /** Move nodes as one edit; a cooling unit with `attachRackId` is made to serve that rack. */
  moveNodes(moves: Array<{ id: string; position: Position; groupId?: string | null; attachRackId?: string }>): OpResult;
  /** Lay the whole canvas out automatically (canvas/autoLayout.ts), as one undoable edit. */
  autoLayout(): OpResult;
  connectPorts(fromId: string, toId: string, opts?: { media?: Cable['media']; lengthM?: number }): OpResult;
  setCount(id: string, n: number): OpResult;
  updateEntity(id: string, patch: Record<string, unknown>): OpResult;
  setSite(patch: Partial<Site>): OpResult;
  setWorkload(w: Workload | undefined): OpResult;
  setDesignMeta(patch: { name?: string; description?: string }): OpResult;
  setAssumption(key: string, value: number | undefined): OpResult;
  deleteSelection(): OpResult;
  duplicate(): OpResult;
  copy(): number;
  paste(): OpResult;
}

export interface SelectionSlice {
  selectedIds: string[];
  select(ids: string[], additive?: boolean): void;
  clearSelection(): void;
}

export type Theme = 'light' | 'dark';
export type Dialog = 'none' | 'open' | 'templates' | 'saveAs' | 'elevation' | 'planner' | 'expandFabric' | 'versions';
export interface Notice {
  id: number;
  level: 'error' | 'warning' | 'info';
  refusal: Refusal;
  /** A button offered with the message (its label, and what it does). */
  action?: { label: Refusal; testId: string; run(): void };
}

export interface UiSlice {
  theme: Theme;
  dialog: Dialog;
  elevationRackId: string | null;
  /** The generated fabric the expand dialog is about. */
  expandFabricId: string | null;
  heatOverlay: boolean;
  clipboard: Clip | null;
  notices: Notice[];
  focusRequest: { ids: string[]; seq: number } | null;
  setTheme(t: Theme): void;
  openDialog(d: Dialog): void;
  closeDialog(): void;
  openExpandFabric(fabricId: string): void;
  openElevation(rackId: string): void;
  toggleHeat(): void;
  notify(level: Notice['level'], refusal: Refusal, action?: Notice['action']): void;
  dismissNotice(id: number): void;
  focus(ids: string[]): void;
}

export type AppState = DocumentSlice & SelectionSlice & UiSlice;

type SliceCreator<T> = (set: StoreApi<AppState>['setState'], get: StoreApi<AppState>['getState']) => T;

const noParts: PartLookup = () => undefined;

const documentSlice =
  (initial: Design): SliceCreator<DocumentSlice> =>
  (set, get) => {
    const apply = (result: OpResult): OpResult => {
      if (!result.ok) {
        get().notify('error', result.error);
        return result;
      }
      const cur = get().design;
      if (result.design !== cur) {
        const past = [...get().past, cur];
        if (past.length > HISTORY_LIMIT) past.shift();
        set({ design: result.design, past, future: [] });
      }
      if (result.warning) get().notify('warning', result.warning);
      if (result.createdIds && result.createdIds.length) set({ selectedIds: result.createdIds });
      return result;
    };
    const p = () => get().parts;
    return {
      design: initial,
      savedDesign: initial,
      past: [],
      future: [],
      parts: noParts,
      setParts: (parts) => set({ parts }),
      loadDesign: (design, saved) =>
        set({
          design,
          savedDesign: saved ? design : null,
          past: [],
          future: [],
          selectedIds: [],
          elevationRackId: null,
        }),
      markSaved: (design) => set({ savedDesign: design ?? get().design }),
      undo: () => {
        const { past, future, design } = get();
        const prev = past[past.length - 1];
        if (!prev) return;
        set({
          design: prev,
          past: past.slice(0, -1),
          future: [design, ...future],
          selectedIds: keepExisting(prev, get().selectedIds),
        });
      },
      redo: () => {
        const { past, future, design } = get();
        const next = future[0];
        if (!next) return;
        set({
          design: next,
          past: [...past, design],
          future: future.slice(1),
          selectedIds: keepExisting(next, get().selectedIds),
        });
      },
      apply,
      addGroup: (kind, position, parentId) => apply(ops.addGroup(get().design, kind, position, parentId)),
      addRack: (r) => apply(ops.addRack(get().design, r)),
      addServer: (rackId, partId, slotU) => {
        const part = p()(partId);
        if (part && part.kind !== 'server') {
          return apply({ ok: false, error: { key: 'refuse.notAServer', params: { part: part.name } } });
        }
        return apply(ops.addToRack(get().design, rackId, partId, p(), slotU));
      },
      addToRack: (rackId, partId, slotU) => apply(ops.addToRack(get().design, rackId, partId, p(), slotU)),
      addFreeStanding: (partId, position, groupId) =>
        apply(ops.addFreeStanding(get().design, partId, p(), position, groupId)),
      addCoolingToRack: (partId, rackId) => apply(ops.addCoolingToRack(get().design, partId, p(), rackId)),
      addFabric: (switchPartId, position, groupId) =>
        apply(ops.addFabric(get().design, switchPartId, p(), position, groupId)),
      moveNode: (id, position) => apply(ops.moveNode(get().design, id, position)),
      moveNodes: (moves) => {
        let d = get().design;
        for (const m of moves) {
          const r = m.attachRackId
            ? ops.attachCoolingToRack(d, m.id, m.attachRackId, p())
            : m.groupId === undefined
              ? ops.moveNode(d, m.id, m.position)
              : ops.moveToGroup(d, m.id, m.position, m.groupId, p());
          if (!r.ok) return apply(r);
          d = r.design;
        }
        return apply({ ok: true, design: d });
      },
      autoLayout: () => apply(autoLayoutDesign(get().design, p())),
      connectPorts: (fromId, toId, o) => {
        const r = apply(ops.connectPorts(get().design, fromId, toId, p(), o));
        // A drag between a server entity and a switch makes one link: offer every compute port.
        const cableId = r.ok ? r.createdIds?.[0] : undefined;
        const offer = cableId ? ops.cableAllOffer(get().design, cableId, p()) : undefined;
        if (cableId && offer) {
          get().notify(
            'info',
            { key: 'cable.offerAll', params: { server: offer.server, switch: offer.switchName, n: offer.quantity, servers: offer.servers, ports: offer.ports } },
            {
              label: { key: 'cable.offerAllButton', params: { n: offer.quantity } },
              testId: 'cable-all-ports',
              run: () => {
                if (get().design.cables.some((c) => c.id === cableId)) apply(ops.cableAllPorts(get().design, cableId, p()));
              },
            },
          );
        }
        return r;
      },
      setCount: (id, n) => apply(ops.setCount(get().design, id, n, p())),
      updateEntity: (id, patch) => apply(ops.updateEntity(get().design, id, patch, p())),
      setSite: (patch) => apply(ops.setSite(get().design, patch)),
      setWorkload: (w) => apply(ops.setWorkload(get().design, w)),
      setDesignMeta: (patch) => apply(ops.setDesignMeta(get().design, patch)),
      setAssumption: (key, value) => apply(ops.setAssumption(get().design, key, value)),
      deleteSelection: () => {
        const ids = get().selectedIds;
        const r = apply(ops.deleteEntities(get().design, ids));
        if (r.ok) set({ selectedIds: [] });
        return r;
      },
      duplicate: () => apply(ops.duplicateEntities(get().design, get().selectedIds, p())),
      copy: () => {
        const clip = ops.copyEntities(get().design, get().selectedIds);
        set({ clipboard: clip.entities.length ? clip : get().clipboard });
        return clip.entities.length;
      },
      paste: () => {
        const clip = get().clipboard;
        if (!clip) return { ok: true, design: get().design };
        return apply(ops.pasteClip(get().design, clip, p()));
      },
    };
  };

function keepExisting(d: Design, ids: string[]): string[] {
  return ids.filter((id) => ops.findEntity(d, id) !== undefined);
}

const selectionSlice: SliceCreator<SelectionSlice> = (set, get) => ({
  selectedIds: [],
  select: (ids, additive) => {
    if (!additive) {
      const cur = get().selectedIds;
      if (cur.length === ids.length && cur.every((x, i) => x === ids[i])) return;
      set({ selectedIds: ids });
      return;
    }
    const s = new Set(get().selectedIds);
    for (const id of ids) s.add(id);
    set({ selectedIds: [...s] });
  },
  clearSelection: () => {
    if (get().selectedIds.length) set({ selectedIds: [] });
  },
});

let noticeSeq = 0;
const uiSlice: SliceCreator<UiSlice> = (set, get) => ({
  theme: 'light',
  dialog: 'none',
  elevationRackId: null,
  expandFabricId: null,
  heatOverlay: false,
  clipboard: null,
  notices: [],
  focusRequest: null,
  setTheme: (theme) => set({ theme }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: 'none' }),
  openElevation: (rackId) => set({ dialog: 'elevation', elevationRackId: rackId }),
  openExpandFabric: (fabricId) => set({ dialog: 'expandFabric', expandFabricId: fabricId }),
  toggleHeat: () => set({ heatOverlay: !get().heatOverlay }),
  notify: (level, refusal, action) => {
    const n: Notice = { id: ++noticeSeq, level, refusal, ...(action ? { action } : {}) };
    set({ notices: [...get().notices.slice(-4), n] });
  },
  dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  focus: (ids) => set({ focusRequest: { ids, seq: (get().focusRequest?.seq ?? 0) + 1 }, selectedIds: ids }),
});

/** Create a store (the app uses one; tests create their own). */
export function createAppStore(initial: Design, parts?: PartLookup): StoreApi<AppState> {
  const store = createStore<AppState>()((set, get) => ({
    ...documentSlice(initial)(set, get),
    ...selectionSlice(set, get),
    ...uiSlice(set, get),
  }));
  if (parts) store.getState().setParts(parts);
  return store;
}

/** True when the document differs from what was last saved. */
export function isDirty(s: Pick<AppState, 'design' | 'savedDesign'>): boolean {
  return s.design !== s.savedDesign;
}

/**
 * Edits that would be lost: changes to a saved design, or a never-saved design the
 * user has edited (a new design or a template just opened, untouched, holds none).
 */
export function hasUnsavedWork(s: Pick<AppState, 'design' | 'savedDesign' | 'past'>): boolean {
  return isDirty(s) && (s.savedDesign !== null || s.past.length > 0);
}

let appStore: StoreApi<AppState> | null = null;

export function initAppStore(initial: Design, parts: PartLookup): StoreApi<AppState> {
  appStore = createAppStore(initial, parts);
  return appStore;
}

export function getAppStore(): StoreApi<AppState> {
  if (!appStore) throw new Error('app store not initialised');
  return appStore;
}

/** React hook over the app store with a selector. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useZustandStore(getAppStore(), selector);
}

export type { OpResult, Refusal, PartLookup, Clip } from './ops';

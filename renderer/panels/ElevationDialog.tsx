import { useI18n } from '../i18n';
import { getAppStore, useApp } from '../store';
import { rackOccupancy, freeRanges, type MountedEntity } from '../store/ops';
import { useCatalog } from '../app/catalog';
import { entityIndex } from '../canvas/select';
import { Dialog } from './Dialog';

const ROW_PX = 16;

/** Rack elevation: every U position with what occupies it. */
export function ElevationDialog() {
  const { t } = useI18n();
  const rackId = useApp((s) => s.elevationRackId);
  const design = useApp((s) => s.design);
  const parts = useApp((s) => s.parts);
  const catalog = useCatalog((s) => s.catalog);
  const rack = design.racks.find((r) => r.id === rackId);
  if (!rack) return null;
  const occ = rackOccupancy(design, rack.id, parts);
  const free = freeRanges(rack.heightU, occ).reduce((s, r) => s + r.hi - r.lo + 1, 0);
  const index = entityIndex(design);
  const us = [];
  for (let u = rack.heightU; u >= 1; u--) us.push(u);
  return (
    <Dialog
      title={t('elevation.title', { name: rack.name })}
      testId="elevation-dialog"
      footer={
        <>
          <span style={{ flex: 1, color: 'var(--text-2)' }}>{t('elevation.free', { n: free })}</span>
          <button className="btn" onClick={() => getAppStore().getState().closeDialog()}>
            {t('dialog.close')}
          </button>
        </>
      }
    >
      <div className="elevation">
        <div>
          {us.map((u) => (
            <div className="u" key={u}>
              U{u}
            </div>
          ))}
        </div>
        <div className="slot" style={{ height: rack.heightU * ROW_PX }}>
          {occ.map((o) => {
            const e = index.get(o.id)?.entity as MountedEntity | undefined;
            if (!e) return null;
            const part = catalog.get(e.partId);
            const top = Math.min(rack.heightU, o.hi);
            return (
              <div
                key={o.id}
                className={`item k-${o.list}`}
                data-testid={`elev-${o.id}`}
                style={{ top: (rack.heightU - top) * ROW_PX, height: (top - o.lo + 1) * ROW_PX - 1, cursor: 'pointer' }}
                onClick={() => {
                  getAppStore().getState().select([o.id]);
                  getAppStore().getState().closeDialog();
                }}
              >
                {e.name || part?.name || e.partId}
                {e.quantity > 1 ? ` ×${e.quantity}` : ''}{' '}
                <span className="sub">
                  U{o.lo}–U{o.hi}
                </span>
              </div>
            );
          })}
          {occ.length === 0 && <div style={{ padding: 8, color: 'var(--text-3)' }}>{t('elevation.empty')}</div>}
        </div>
      </div>
    </Dialog>
  );
}

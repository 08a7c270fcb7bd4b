/**
 * Expand a generated fabric into drawn switches and cables (core/expand.ts), after showing
 * what will be created and how the key results move, so nothing changes unseen. One edit:
 * undo brings the generated fabric back.
 */
import { useMemo } from 'react';
import { fmtNumber, useI18n } from '../i18n';
import { getAppStore, useApp } from '../store';
import { useCatalog } from '../app/catalog';
import { partName } from '../i18n/catalogText';
import { evaluate } from '../../core/evaluate';
import { expandDesignFabric, type FabricExpansion } from '../../core/expand';
import { Dialog } from './Dialog';

type Preview = { ok: true; x: FabricExpansion; after: ReturnType<typeof evaluate> } | { ok: false; message: string };

export function ExpandFabricDialog() {
  const { t, locale } = useI18n();
  const fabricId = useApp((s) => s.expandFabricId);
  const design = useApp((s) => s.design);
  const catalog = useCatalog((s) => s.catalog);
  const preview = useMemo((): Preview | null => {
    if (!fabricId) return null;
    try {
      const x = expandDesignFabric(design, fabricId, catalog);
      return { ok: true, x, after: evaluate(x.design, { catalog }) };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }, [design, fabricId, catalog]);
  if (!preview) return null;
  const close = () => getAppStore().getState().closeDialog();
  const confirm = () => {
    if (!preview.ok) return;
    const s = getAppStore().getState();
    const r = s.apply({ ok: true, design: preview.x.design, createdIds: preview.x.createdIds });
    if (r.ok) s.select(preview.x.createdIds.filter((id) => preview.x.design.switches.some((w) => w.id === id)));
    close();
  };
  const n = (v: number, d = 0) => fmtNumber(locale, v, d);
  let body;
  if (!preview.ok) {
    body = (
      <p className="expand-fabric error-text" data-testid="expand-fabric-error">
        {preview.message}
      </p>
    );
  } else {
    const { x, after } = preview;
    const before = x.before;
    const f = x.fabric;
    const switches = x.design.switches.filter((w) => x.createdIds.includes(w.id));
    const cables = x.design.cables.filter((c) => x.createdIds.includes(c.id));
    const rows: Array<[string, string, string]> = [
      [t('expand.switches'), n(before.switches), n(after.switches)],
      [t('expand.cables'), n(before.inventory.cables), n(after.inventory.cables)],
      [t('expand.transceivers'), n(before.inventory.transceivers), n(after.inventory.transceivers)],
      [t('expand.itPower'), `${n(before.itPowerKW, 1)} kW`, `${n(after.itPowerKW, 1)} kW`],
      [t('expand.capex'), `${n(before.capexUsd / 1e6, 2)} ${t('unit.musd')}`, `${n(after.capexUsd / 1e6, 2)} ${t('unit.musd')}`],
    ];
    if (before.training && after.training) {
      rows.push([t('expand.days'), n(before.training.trainingDays, 1), n(after.training.trainingDays, 1)]);
    }
    body = (
      <div className="expand-fabric" data-testid="expand-fabric-preview">
        <p>{t('expand.intro', { name: f.name, instances: n(f.instances) })}</p>
        <table className="design-list">
          <tbody>
            {switches.map((w) => (
              <tr key={w.id}>
                <td>{w.name}</td>
                <td>{(() => {
                  const part = catalog.get(w.partId);
                  return part ? partName(locale, part) : w.partId;
                })()}</td>
                <td className="num">× {n(w.quantity)}</td>
              </tr>
            ))}
            <tr>
              <td>{t('expand.cableLines')}</td>
              <td>{`${n(f.linkGbps)} Gb/s`}</td>
              <td className="num">{n(cables.length)}</td>
            </tr>
          </tbody>
        </table>
        <table className="design-list" data-testid="expand-fabric-compare">
          <thead>
            <tr>
              <th />
              <th className="num">{t('expand.generated')}</th>
              <th className="num">{t('expand.drawn')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, a, b]) => (
              <tr key={label}>
                <td>{label}</td>
                <td className="num">{a}</td>
                <td className="num">{b}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">{t('expand.caveat')}</p>
      </div>
    );
  }
  return (
    <Dialog
      title={t('expand.title')}
      testId="expand-fabric-dialog"
      footer={
        <>
          <span style={{ flex: 1 }} />
          <button className="btn" onClick={close}>
            {t('dialog.cancel')}
          </button>
          <button className="btn primary" disabled={!preview.ok} onClick={confirm} data-testid="expand-fabric-confirm">
            {t('expand.confirm')}
          </button>
        </>
      }
    >
      {body}
    </Dialog>
  );
}

/** The inspector: edits the selected entity, the design, its workload, site and assumptions. */
import { useMemo } from 'react';
import { useI18n, fmtNumber, type MessageKey } from '../i18n';
import { getAppStore, useApp } from '../store';
import * as ops from '../store/ops';
import { entityIndex } from '../canvas/select';
import { useCatalog } from '../app/catalog';
import { partName, termText } from '../i18n/catalogText';
import { Field, ReadOnly, Section, SelectField, designBound, parseNum, useValidatedEdit } from './fields';
import { WorkloadEditor } from './WorkloadEditor';
import { AssumptionsEditor } from './AssumptionsEditor';
import { ClimateFields, FacilityEditor } from './FacilityEditor';
import { groupMultipliers, replicationOf } from '../../core/model/replication';
import type { CatalogPart } from '../../core/catalog/types';
import type { Cable, CoolingUnit, Design, Fabric, Group, Rack, Site } from '../../core/model/design';

type SpecKey = MessageKey extends infer K ? (K extends `spec.${infer S}` ? S : never) : never;

function PartSpecs({ part }: { part: CatalogPart }) {
  const { t, locale } = useI18n();
  const rows: Array<[SpecKey, string]> = [];
  const n = (v: number, d = 1) => fmtNumber(locale, v, d);
  switch (part.kind) {
    case 'server':
      rows.push(['accelerators', `${part.acceleratorsPerServer} × ${part.acceleratorId}`]);
      rows.push(['heightU', `${part.heightU}U`]);
      rows.push(['maxPowerW', `${n(part.maxPowerW, 0)} W`]);
      rows.push(['typicalPowerW', `${n(part.typicalPowerW, 0)} W`]);
      rows.push(['computeNics', `${part.computeNics.count} × ${part.computeNics.linkGbps} Gb/s`]);
      rows.push(['cooling', termText(locale, 'rackCooling', part.cooling)]);
      break;
    case 'switch':
      rows.push(['ports', `${part.ports} × ${part.portGbps} Gb/s`]);
      rows.push(['capacityTbps', `${n(part.capacityTbps)} Tb/s`]);
      rows.push(['heightU', `${part.heightU}U`]);
      rows.push(['maxPowerW', `${n(part.maxPowerW, 0)} W`]);
      rows.push(['protocol', termText(locale, 'protocol', part.protocol)]);
      break;
    case 'storage':
      rows.push(['capacityTB', `${n(part.capacityTB)} TB`]);
      rows.push(['readGBps', `${n(part.readGBps)} GB/s`]);
      rows.push(['powerW', `${n(part.powerW, 0)} W`]);
      rows.push(['heightU', `${part.heightU}U`]);
      break;
    case 'cooling':
      rows.push(['coolingKind', termText(locale, 'cooling', part.coolingKind)]);
      rows.push(['capacityKW', `${n(part.capacityKW)} kW`]);
      rows.push(['cop', n(part.cop, 2)]);
      rows.push(['medium', termText(locale, 'medium', part.medium)]);
      break;
    case 'power':
      rows.push(['powerKind', termText(locale, 'power', part.powerKind)]);
      rows.push(['capacityKW', `${n(part.capacityKW)} kW`]);
      rows.push(['efficiency', n(part.efficiency, 3)]);
      break;
    default:
      break;
  }
  return (
    <Section title={t('inspector.partSpecs')} defaultOpen>
      <table className="spec-table" data-testid="part-specs">
        <tbody>
          <tr>
            <td>{t('inspector.part')}</td>
            <td>
              {partName(locale, part)} <span className="ro">({part.id})</span>
            </td>
          </tr>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <td>{t(`spec.${k}`)}</td>
              <td>{v}</td>
            </tr>
          ))}
          <tr>
            <td>{t('inspector.price')}</td>
            <td>${fmtNumber(locale, part.priceUsd, 0)}</td>
          </tr>
          <tr>
            <td>{t('inspector.source')}</td>
            <td style={{ color: 'var(--text-2)' }}>{part.source}</td>
          </tr>
        </tbody>
      </table>
    </Section>
  );
}

function EntityEditor({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const ref = useApp((s) => entityIndex(s.design).get(id));
  const design = useApp((s) => s.design);
  const parts = useApp((s) => s.parts);
  const catalog = useCatalog((s) => s.catalog);
  const edit = useValidatedEdit();
  if (!ref) return null;
  const e = ref.entity;
  const upd = (patch: Record<string, unknown>) => edit((d) => ops.updateEntity(d, id, patch, parts));
  const num =
    (field: string, optional = false) =>
    (raw: string) => {
      const v = parseNum(raw);
      if (v === undefined && !optional) return upd({ [field]: Number.NaN });
      return upd({ [field]: v });
    };
  const str = (field: string) => (raw: string) => upd({ [field]: raw });
  const count = (raw: string) => edit((d) => ops.setCount(d, id, parseNum(raw) ?? Number.NaN, parts));
  const stands =
    'quantity' in e || 'count' in e
      ? replicationOf(e as { quantity?: number; rackId?: string; groupId?: string }, design, groupMultipliers(design))
      : 1;
  const partOptions = (kind: CatalogPart['kind']) =>
    catalog.list(kind).map((p) => ({ value: p.id, label: partName(locale, p) }));
  const groupOptions = [{ value: '', label: '—' }, ...design.groups.map((g) => ({ value: g.id, label: g.name }))];
  const title = `${t(`kind.${ref.kind}`)} · ${'name' in e && e.name ? e.name : e.id}`;
  let body: React.ReactNode = null;
  let part: CatalogPart | undefined;
  switch (ref.kind) {
    case 'group': {
      const g = e as Group;
      body = (
        <>
          <Field label="inspector.name" testId="insp-name" value={g.name} onCommit={str('name')} />
          <SelectField
            label="inspector.kind"
            value={g.kind}
            options={(['hall', 'row', 'pod', 'su'] as const).map((k) => ({ value: k, label: termText(locale, 'groupKind', k) }))}
            onChange={(v) => upd({ kind: v })}
          />
          <Field
            label="inspector.count"
            testId="insp-count"
            value={g.count}
            type="number"
            bound={designBound('groups[0].count')}
            onCommit={count}
          />
        </>
      );
      break;
    }
    case 'rack': {
      const r = e as Rack;
      body = (
        <>
          <Field label="inspector.name" testId="insp-name" value={r.name} onCommit={str('name')} />
          <Field
            label="inspector.heightU"
            testId="insp-heightU"
            value={r.heightU}
            type="number"
            bound={designBound('racks[0].heightU')}
            onCommit={num('heightU')}
          />
          <Field
            label="inspector.powerBudgetW"
            testId="insp-powerBudgetW"
            value={r.powerBudgetW}
            type="number"
            bound={designBound('racks[0].powerBudgetW')}
            onCommit={num('powerBudgetW')}
          />
          <SelectField
            label="inspector.cooling"
            testId="insp-cooling"
            value={r.cooling}
            options={(['air', 'rear-door', 'cold-plate', 'immersion'] as const).map((k) => ({
              value: k,
              label: termText(locale, 'rackCooling', k),
            }))}
            onChange={(v) => upd({ cooling: v })}
          />
          <Field
            label="inspector.coolingCapacityW"
            value={r.coolingCapacityW}
            type="number"
            placeholder={t('inspector.auto')}
            bound={designBound('racks[0].coolingCapacityW')}
            onCommit={num('coolingCapacityW', true)}
          />
          <Field
            label="inspector.count"
            testId="insp-count"
            value={r.count}
            type="number"
            bound={designBound('racks[0].count')}
            onCommit={count}
          />
          <SelectField
            label="kind.group"
            value={r.groupId ?? ''}
            options={groupOptions}
            onChange={(v) => upd({ groupId: v || undefined })}
          />
        </>
      );
      break;
    }
    case 'server':
    case 'switch':
    case 'storage':
    case 'pdu': {
      const m = e as ops.MountedEntity;
      part = catalog.get(m.partId);
      const kind: CatalogPart['kind'] = ref.kind === 'pdu' ? 'power' : ref.kind;
      const rackOptions = [
        { value: '', label: t('canvas.freeStanding') },
        ...design.racks.map((r) => ({ value: r.id, label: r.name })),
      ];
      body = (
        <>
          <Field
            label="inspector.name"
            testId="insp-name"
            value={m.name ?? ''}
            placeholder={part ? partName(locale, part) : undefined}
            onCommit={(raw) => upd({ name: raw.trim() || undefined })}
          />
          <SelectField
            label="inspector.part"
            testId="insp-part"
            value={m.partId}
            options={[...(part ? [] : [{ value: m.partId, label: m.partId }]), ...partOptions(kind)]}
            onChange={(v) => upd({ partId: v })}
          />
          <SelectField
            label="inspector.rack"
            value={m.rackId ?? ''}
            options={rackOptions}
            onChange={(v) =>
              upd(
                v
                  ? { rackId: v, slotU: undefined, position: undefined }
                  : { rackId: undefined, slotU: undefined, position: { x: 0, y: -120 } },
              )
            }
          />
          {m.rackId !== undefined && (
            <Field
              label="inspector.slotU"
              testId="insp-slotU"
              value={m.slotU}
              type="number"
              bound={designBound('servers[0].slotU')}
              onCommit={num('slotU')}
            />
          )}
          <Field
            label="inspector.quantity"
            testId="insp-quantity"
            value={m.quantity}
            type="number"
            bound={designBound('servers[0].quantity')}
            onCommit={count}
          />
          {ref.kind === 'switch' && 'role' in m && (
            <SelectField
              label="inspector.role"
              value={m.role}
              options={(['leaf', 'spine', 'core', 'tor', 'management', 'storage'] as const).map((k) => ({
                value: k,
                label: termText(locale, 'role', k),
              }))}
              onChange={(v) => upd({ role: v })}
            />
          )}
          {ref.kind === 'server' && (
            <Field
              label="inspector.pool"
              value={(m as { pool?: string }).pool ?? ''}
              placeholder={part?.kind === 'server' ? part.acceleratorId : ''}
              onCommit={(raw) => upd({ pool: raw.trim() || undefined })}
            />
          )}
        </>
      );
      break;
    }
    case 'coolingUnit': {
      const c = e as CoolingUnit;
      part = catalog.get(c.partId);
      body = (
        <>
          <Field
            label="inspector.name"
            testId="insp-name"
            value={c.name ?? ''}
            placeholder={part ? partName(locale, part) : undefined}
            onCommit={(raw) => upd({ name: raw.trim() || undefined })}
          />
          <SelectField
            label="inspector.part"
            value={c.partId}
            options={partOptions('cooling')}
            onChange={(v) => upd({ partId: v })}
          />
          <Field
            label="inspector.quantity"
            testId="insp-quantity"
            value={c.quantity}
            type="number"
            bound={designBound('coolingUnits[0].quantity')}
            onCommit={count}
          />
          <label id={`${c.id}-racks-served`}>{t('inspector.racksServed')}</label>
          <div
            style={{ maxHeight: 120, overflow: 'auto' }}
            role="group"
            aria-labelledby={`${c.id}-racks-served`}
            data-testid="insp-racks-served"
          >
            {design.racks.map((r) => (
              <label key={r.id} style={{ display: 'flex', gap: 4, color: 'var(--text)' }}>
                <input
                  type="checkbox"
                  checked={c.rackIds.includes(r.id)}
                  onChange={(ev) =>
                    upd({ rackIds: ev.target.checked ? [...c.rackIds, r.id] : c.rackIds.filter((x) => x !== r.id) })
                  }
                />
                {r.name}
              </label>
            ))}
          </div>
          <SelectField
            label="inspector.groupServed"
            value={c.groupId ?? ''}
            options={groupOptions}
            onChange={(v) => upd({ groupId: v || undefined })}
          />
        </>
      );
      break;
    }
    case 'cable': {
      const c = e as Cable;
      const name = (eid: string) => {
        const x = entityIndex(design).get(eid)?.entity as { name?: string; partId?: string } | undefined;
        const p = x?.partId ? catalog.get(x.partId) : undefined;
        return x?.name || (p ? partName(locale, p) : (x?.partId ?? eid));
      };
      body = (
        <>
          <ReadOnly label="inspector.from" value={`${name(c.from.entityId)} · port ${c.from.port}`} />
          <ReadOnly label="inspector.to" value={`${name(c.to.entityId)} · port ${c.to.port}`} />
          <SelectField
            label="inspector.media"
            value={c.media}
            options={(['dac', 'aoc', 'acc', 'fibre'] as const).map((k) => ({ value: k, label: termText(locale, 'media', k) }))}
            onChange={(v) => upd({ media: v })}
          />
          <Field
            label="inspector.linkGbps"
            testId="insp-linkGbps"
            value={c.linkGbps}
            type="number"
            bound={designBound('cables[0].linkGbps')}
            onCommit={num('linkGbps')}
          />
          <Field
            label="inspector.lengthM"
            value={c.lengthM}
            type="number"
            bound={designBound('cables[0].lengthM')}
            onCommit={num('lengthM', true)}
          />
          <Field
            label="inspector.quantity"
            testId="insp-quantity"
            value={c.quantity}
            type="number"
            bound={designBound('cables[0].quantity')}
            onCommit={num('quantity')}
          />
        </>
      );
      break;
    }
    case 'fabric': {
      const f = e as Fabric;
      part = catalog.get(f.switchPartId);
      body = (
        <>
          <Field label="inspector.name" testId="insp-name" value={f.name} onCommit={str('name')} />
          <SelectField
            label="inspector.switchPart"
            value={f.switchPartId}
            options={partOptions('switch')}
            onChange={(v) => upd({ switchPartId: v })}
          />
          <SelectField
            label="inspector.tiers"
            value={String(f.tiers)}
            options={[
              { value: 'auto', label: t('inspector.auto') },
              { value: '2', label: '2' },
              { value: '3', label: '3' },
            ]}
            onChange={(v) => upd({ tiers: v === 'auto' ? 'auto' : Number(v) })}
          />
          <Field
            label="inspector.oversubscription"
            value={f.oversubscription}
            type="number"
            bound={designBound('fabrics[0].oversubscription')}
            onCommit={num('oversubscription')}
          />
          <Field
            label="inspector.planes"
            value={f.planes}
            type="number"
            bound={designBound('fabrics[0].planes')}
            onCommit={num('planes')}
          />
          <label htmlFor={`${f.id}-rail`}>{t('inspector.railOptimised')}</label>
          <input
            id={`${f.id}-rail`}
            type="checkbox"
            checked={f.railOptimised}
            onChange={(ev) => upd({ railOptimised: ev.target.checked })}
            style={{ justifySelf: 'start' }}
          />
          <SelectField
            label="kind.group"
            value={f.groupId ?? ''}
            options={groupOptions}
            onChange={(v) => upd({ groupId: v || undefined })}
          />
          <button
            className="btn full"
            data-testid="insp-expand-fabric"
            onClick={() => getAppStore().getState().openExpandFabric(f.id)}
          >
            {t('expand.open')}
          </button>
        </>
      );
      break;
    }
  }
  return (
    <>
      <Section title={title} testId="inspector-entity">
        <div className="fields">
          <ReadOnly label="inspector.id" value={e.id} />
          {body}
          {stands > 1 && (
            <div className="full ro" data-testid="insp-stands">
              {t('inspector.stands', { n: fmtNumber(locale, stands, 0) })}
            </div>
          )}
        </div>
      </Section>
      {part && <PartSpecs part={part} />}
    </>
  );
}

function DesignEditor() {
  const { t } = useI18n();
  const name = useApp((s) => s.design.name);
  const description = useApp((s) => s.design.description);
  const id = useApp((s) => s.design.id);
  const edit = useValidatedEdit();
  return (
    <Section title={t('inspector.design')} testId="inspector-design">
      <div className="fields">
        <ReadOnly label="inspector.id" value={id} />
        <Field
          label="inspector.name"
          testId="design-name"
          value={name}
          onCommit={(raw) => edit((d) => ops.setDesignMeta(d, { name: raw.trim() }))}
        />
        <Field
          label="inspector.description"
          value={description}
          onCommit={(raw) => edit((d) => ops.setDesignMeta(d, { description: raw }))}
        />
      </div>
    </Section>
  );
}

function SiteEditor() {
  const { t, locale } = useI18n();
  const site = useApp((s) => s.design.site);
  const edit = useValidatedEdit();
  const set = (patch: Partial<Record<keyof Site, unknown>>) =>
    edit((d: Design) => ops.setSite(d, patch as Partial<Site>));
  const num = (k: keyof Site) => (raw: string) => set({ [k]: parseNum(raw) ?? Number.NaN });
  return (
    <Section title={t('inspector.site')} defaultOpen={false} testId="inspector-site">
      <div className="fields">
        <Field label="inspector.name" value={site.name} onCommit={(raw) => set({ name: raw })} />
        <SelectField
          label="inspector.climate"
          testId="site-climate"
          value={site.climate}
          options={(['cold', 'temperate', 'hot', 'hot-humid'] as const).map((k) => ({
            value: k,
            label: termText(locale, 'climate', k),
          }))}
          onChange={(v) => set({ climate: v })}
        />
        <ClimateFields />
        <Field
          label="inspector.electricity"
          testId="site-electricity"
          value={site.electricityUsdPerKWh}
          type="number"
          bound={designBound('site.electricityUsdPerKWh')}
          onCommit={num('electricityUsdPerKWh')}
        />
        <Field
          label="inspector.grid"
          value={site.gridKgCO2PerKWh}
          type="number"
          bound={designBound('site.gridKgCO2PerKWh')}
          onCommit={num('gridKgCO2PerKWh')}
        />
        <Field
          label="inspector.water"
          value={site.waterUsdPerM3}
          type="number"
          bound={designBound('site.waterUsdPerM3')}
          onCommit={num('waterUsdPerM3')}
        />
        <Field
          label="inspector.depreciation"
          value={site.depreciationYears}
          type="number"
          bound={designBound('site.depreciationYears')}
          onCommit={num('depreciationYears')}
        />
      </div>
    </Section>
  );
}

export function Inspector() {
  const { t } = useI18n();
  const selectedIds = useApp((s) => s.selectedIds);
  const ids = useMemo(() => selectedIds, [selectedIds]);
  return (
    <aside className="inspector" data-testid="inspector">
      <div className="panel-header">{t('inspector.title')}</div>
      {ids.length === 1 ? (
        <EntityEditor id={ids[0]!} key={ids[0]} />
      ) : ids.length > 1 ? (
        <div className="empty-note">{t('inspector.multi', { n: ids.length })}</div>
      ) : (
        <div className="empty-note">{t('inspector.none')}</div>
      )}
      <DesignEditor />
      <WorkloadEditor />
      <SiteEditor />
      <FacilityEditor />
      <AssumptionsEditor />
    </aside>
  );
}

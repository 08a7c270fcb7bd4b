/**
 * The site's climate (an embedded city or the design's own monthly figures) and the
 * facility settings: electrical redundancy, UPS, liquid loop, heat rejection, floor.
 * Edits are checked with the site schema (bounds name the field); settings the design
 * cannot meet (a UPS smaller than its load) are shown beside their field from the results.
 */
import { useI18n, type MessageKey } from '../i18n';
import { useApp } from '../store';
import * as ops from '../store/ops';
import { useResults } from '../engine/client';
import { Field, Section, SelectField, designBound, parseNum, useValidatedEdit } from './fields';
import { CITY_CLIMATES } from '../../core/power/climate-data';
import { facilityOf, type Design, type FacilitySettings, type Site } from '../../core/model/design';

const REDUNDANCY = ['N', 'N+1', '2N'] as const;
const REJECTION = ['dry-cooler', 'cooling-tower', 'chiller'] as const;
const CONTAINMENT = ['hot-aisle', 'cold-aisle', 'none'] as const;

/** Twelve numbers from "1, 2, 3 …" (commas, semicolons or spaces); NaN entries make the schema refuse them. */
function parseMonths(raw: string): number[] | undefined {
  const parts = raw.split(/[\s,;，；]+/).filter((x) => x !== '');
  return parts.length ? parts.map((x) => Number(x)) : undefined;
}

/** An error of the evaluated design at this field path (site.facility.upsModules), shown beside the field. */
function ResultError({ path, testId }: { path: string; testId: string }) {
  const errors = useResults((s) => s.results?.facility?.errors);
  const e = errors?.find((x) => x.path === path);
  if (!e) return null;
  return (
    <div className="field-error" role="alert" data-testid={testId}>
      {`${e.path}: ${e.message}`}
    </div>
  );
}

export function ClimateFields() {
  const { t, locale } = useI18n();
  const site = useApp((s) => s.design.site);
  const edit = useValidatedEdit();
  const set = (patch: Partial<Site>) => edit((d: Design) => ops.setSite(d, patch));
  const city = site.city ?? '';
  const options = [
    { value: '', label: t('facility.cityNone') },
    ...CITY_CLIMATES.map((c) => ({ value: c.id, label: `${locale === 'zh-CN' ? c.nameZh : c.name}${c.dryBulbVerified ? '' : ` (${t('facility.estimated')})`}` })),
    { value: 'custom', label: t('facility.cityCustom') },
  ];
  const custom = site.customClimate;
  return (
    <>
      <SelectField
        label="facility.city"
        testId="site-city"
        value={city}
        options={options}
        onChange={(v) => {
          if (v === '') return set({ city: undefined });
          if (v === 'custom') {
            // Start from the chosen city's figures (or a temperate year) so the site is valid at once.
            const from = CITY_CLIMATES.find((c) => c.id === site.city) ?? CITY_CLIMATES.find((c) => c.id === 'frankfurt')!;
            return set({ city: 'custom', customClimate: custom ?? { name: `${from.name} (${t('facility.edited')})`, dryBulbC: [...from.dryBulbC], relativeHumidityPct: [...from.relativeHumidityPct] } });
          }
          return set({ city: v });
        }}
      />
      {city === 'custom' && custom && (
        <>
          <Field
            label="facility.customDryBulb"
            testId="site-custom-dry"
            value={custom.dryBulbC.join(', ')}
            onCommit={(raw) => set({ customClimate: { ...custom, dryBulbC: parseMonths(raw) ?? [] } })}
          />
          <Field
            label="facility.customRh"
            testId="site-custom-rh"
            value={(custom.relativeHumidityPct ?? []).join(', ')}
            onCommit={(raw) => set({ customClimate: { ...custom, relativeHumidityPct: parseMonths(raw) } })}
          />
        </>
      )}
    </>
  );
}

export function FacilityEditor() {
  const { t } = useI18n();
  const f = useApp((s) => facilityOf(s.design.site));
  const edit = useValidatedEdit();
  const set = (patch: Partial<FacilitySettings>) => edit((d: Design) => ops.setSite(d, { facility: { ...facilityOf(d.site), ...patch } }));
  const num = (k: keyof FacilitySettings, optional = false) => (raw: string) => set({ [k]: parseNum(raw) ?? (optional ? undefined : Number.NaN) });
  const bound = (k: keyof FacilitySettings) => designBound(`site.facility.${k}`);
  const select = <T extends string>(k: keyof FacilitySettings, values: readonly T[], label: MessageKey, prefix: string) => (
    <SelectField
      label={label}
      testId={`facility-${k}`}
      value={f[k] as T}
      options={values.map((v) => ({ value: v, label: prefix ? t(`${prefix}${v}` as MessageKey) : v }))}
      onChange={(v) => set({ [k]: v })}
    />
  );
  const field = (k: keyof FacilitySettings, label: MessageKey, optional = false) => (
    <Field label={label} testId={`facility-${k}`} value={f[k] as number | undefined} type="number" bound={bound(k)} placeholder={optional ? t('facility.auto') : undefined} onCommit={num(k, optional)} />
  );
  return (
    <Section title={t('facility.settings')} defaultOpen={false} testId="inspector-facility">
      <div className="fields">
        {select('transformerRedundancy', REDUNDANCY, 'facility.transformerRedundancy', '')}
        {select('generatorRedundancy', REDUNDANCY, 'facility.generatorRedundancy', '')}
        {select('upsTopology', REDUNDANCY, 'facility.upsTopology', '')}
        {field('upsBatteryMinutes', 'facility.upsBatteryMinutes')}
        {field('upsModuleKVA', 'facility.upsModuleKVA', true)}
        {field('upsModules', 'facility.upsModules', true)}
        <ResultError path="site.facility.upsModules" testId="facility-upsModules-result-error" />
        {select('cduRedundancy', REDUNDANCY, 'facility.cduRedundancy', '')}
        {field('liquidSupplyC', 'facility.liquidSupplyC')}
        {field('liquidReturnC', 'facility.liquidReturnC')}
        {select('liquidHeatRejection', REJECTION, 'facility.liquidHeatRejection', 'facility.rej.')}
        {select('airHeatRejection', REJECTION, 'facility.airHeatRejection', 'facility.rej.')}
        {select('containment', CONTAINMENT, 'facility.containment', 'facility.cont.')}
        {field('racksPerRow', 'facility.racksPerRow')}
        {field('rackWidthM', 'facility.rackWidthM')}
        {field('rackDepthM', 'facility.rackDepthM')}
        {field('coldAisleM', 'facility.coldAisleM')}
        {field('hotAisleM', 'facility.hotAisleM')}
        {field('floorLimitKgPerM2', 'facility.floorLimitKgPerM2')}
      </div>
    </Section>
  );
}

/**
 * The Facility card of the results panel: the site's climate, annual PUE and the
 * design-day peak next to the year's mean, the one-line diagram of the power chain
 * (the layout the reports draw, core/report/one-line.ts), the electrical stages,
 * the liquid loop, the floor and PUE month by month.
 */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtNumber, useI18n, type Locale, type MessageKey } from '../i18n';
import type { Results } from '../../core/evaluate';
import { CITY_CLIMATES } from '../../core/power/climate-data';
import { oneLineLayout, type OneLineFormat, type OneLineLabels } from '../../core/report/one-line';
import { formatPowerKW } from './format';
import { partName } from '../i18n/catalogText';

type T = (k: MessageKey, p?: Record<string, string | number>) => string;

function diagramText(t: T, locale: Locale): { labels: OneLineLabels; format: OneLineFormat } {
  return {
    labels: {
      utility: t('facility.utility'),
      transformers: t('facility.transformers'),
      generators: t('facility.generators'),
      lvSwitchgear: t('facility.lvSwitchgear'),
      ups: t('facility.ups'),
      battery: t('facility.battery'),
      distribution: t('facility.distribution'),
      itRacks: t('facility.itRacks'),
      coolingPlant: t('facility.coolingPlant'),
      load: (pct) => t('facility.loadPct', { pct }),
      efficiency: (pct) => t('facility.effPct', { pct }),
      loss: (kw) => t('facility.lossKw', { kw }),
      title: t('facility.oneLine'),
    },
    format: {
      kw: (v) => formatPowerKW(locale, v).join(' '),
      kva: (v) => `${fmtNumber(locale, v, 0)} kVA`,
      pct: (v) => `${fmtNumber(locale, v * 100, 1)}%`,
      int: (v) => fmtNumber(locale, v, 0),
    },
  };
}

/** The one-line diagram as SVG elements, scaled to the card's width. */
export function OneLineDiagram({ r }: { r: Results }) {
  const { t, locale } = useI18n();
  const { labels, format } = diagramText(t, locale);
  const f = r.facility;
  const layout = oneLineLayout(f, r.power.itMaxKW, f.designDay.coolingKW, labels, format);
  return (
    <svg
      className="one-line"
      data-testid="facility-one-line"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      role="img"
      aria-label={labels.title}
      style={{ maxWidth: layout.width, display: 'block' }}
    >
      {layout.wires.map((w, i) => (
        <polyline
          key={i}
          points={w.points.map(([x, y]) => `${x},${y}`).join(' ')}
          fill="none"
          stroke="var(--text-2)"
          strokeWidth={1.5}
          strokeDasharray={w.standby ? '4 3' : undefined}
        />
      ))}
      {layout.boxes.map((b) => (
        <g key={b.id} data-testid={`one-line-${b.id}`}>
          <title>{b.lines.join(' · ')}</title>
          <rect
            x={b.x}
            y={b.y}
            width={b.w}
            height={b.h}
            rx={4}
            fill={b.id === 'it' ? 'var(--accent-soft, #e8f0fc)' : 'var(--panel)'}
            stroke="var(--accent, #2f6db5)"
            strokeWidth={1.2}
            strokeDasharray={b.standby ? '4 3' : undefined}
          />
          {b.lines.map((line, i) => (
            <text
              key={i}
              x={b.x + b.w / 2}
              y={b.y + 14 + i * 13}
              textAnchor="middle"
              fontSize={10}
              fontWeight={i === 0 ? 600 : 400}
              fill="var(--text)"
            >
              {line.length > 24 ? `${line.slice(0, 23)}…` : line}
            </text>
          ))}
        </g>
      ))}
    </svg>
  );
}

function MonthlyPue({ r }: { r: Results }) {
  const { t, locale } = useI18n();
  const rows = r.facility.months.map((m) => ({ name: String(m.month), value: m.pue ?? 0 }));
  if (!rows.some((x) => x.value > 0)) return null;
  const lo = Math.min(...rows.map((x) => x.value));
  return (
    <div style={{ width: '100%', height: 120 }} data-testid="facility-monthly-pue">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ left: 0, right: 8, top: 4, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="name" tick={{ fontSize: 10, fill: 'var(--text-2)' }} stroke="var(--border)" />
          <YAxis domain={[Math.max(1, Math.floor(lo * 20) / 20 - 0.05), 'auto']} width={36} tick={{ fontSize: 10, fill: 'var(--text-2)' }} stroke="var(--border)" />
          <Tooltip
            formatter={(v) => fmtNumber(locale, Number(v), 3)}
            labelFormatter={(l) => t('facility.month', { n: String(l) })}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 11 }}
          />
          <Bar dataKey="value" fill="#2f6fde" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function FacilityCard({ r }: { r: Results }) {
  const { t, locale } = useI18n();
  const f = r.facility;
  if (!f) return null;
  const pw = (kw: number) => formatPowerKW(locale, kw).join(' ');
  const n = (v: number, d = 1) => fmtNumber(locale, v, d);
  const city = CITY_CLIMATES.find((c) => c.id === f.climate.id);
  const name = locale === 'zh-CN' && city ? city.nameZh : f.climate.name;
  const climate =
    f.climate.mode === 'label'
      ? t('facility.labelOnly', { label: f.climate.label })
      : `${name} · ${f.climate.dryBulbVerified ? t('facility.verified') : t('facility.estimated')}`;
  const cdu = f.liquid.cdu;
  const rows: Array<[string, string, string?]> = [
    [t('facility.climate'), climate, f.climate.source],
    [t('facility.annualPue'), f.annual.pue === null ? '—' : n(f.annual.pue, 3)],
    [t('facility.peakPower'), pw(f.designDay.facilityPowerKW)],
    [t('facility.avgPower'), pw(f.annual.facilityPowerKW)],
    [t('facility.energy'), `${n(f.annual.energyMWh, 0)} MWh`],
    [t('facility.wue'), f.annual.wueLPerKWh === null ? '—' : `${n(f.annual.wueLPerKWh, 2)} L/kWh`],
    [t('facility.freeHours'), `${n(f.air.freeCoolingHours, 0)} / ${n(f.liquid.freeCoolingHours, 0)} h`],
  ];
  if (f.liquid.designHeatKW > 0) {
    const part = cdu.partId && cdu.name ? partName(locale, { id: cdu.partId, name: cdu.name }) : (cdu.name ?? '—');
    rows.push([t('facility.cdus'), t('facility.cduCount', { n: n(cdu.units, 0), part, red: cdu.redundancy })]);
    rows.push([t('facility.flow'), `${n(f.liquid.flowM3PerH, 1)} m³/h (${n(f.liquid.supplyC, 0)}/${n(f.liquid.returnC, 0)} °C)`]);
  }
  rows.push([t('facility.whiteSpace'), `${n(f.floor.whiteSpaceM2, 0)} m² · ${t('facility.rows', { n: n(f.floor.rows, 0) })}`]);
  rows.push([t('facility.floorLoading'), `${n(f.floor.rackLoadingKgPerM2, 0)} / ${n(f.floor.limitKgPerM2, 0)} kg/m²`]);
  rows.push([t('facility.density'), `${n(f.floor.kWPerM2, 2)} kW/m²`]);
  return (
    <div className="res-card res-card-wide" data-testid="res-facility">
      <h4>{t('facility.title')}</h4>
      {f.errors.map((e) => (
        <div key={e.path} className="notice error" role="alert" data-testid="facility-error">
          {`${e.path}: ${e.message}`}
        </div>
      ))}
      <table className="kv">
        <tbody>
          {rows.map(([k, v, title]) => (
            <tr key={k} title={title}>
              <td>{k}</td>
              <td data-testid={`facility-${k}`}>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 style={{ marginTop: 8 }}>{t('facility.oneLine')}</h4>
      <OneLineDiagram r={r} />
      <table className="bom" style={{ marginTop: 6 }} data-testid="facility-stages">
        <thead>
          <tr>
            <th>{t('facility.stage')}</th>
            <th className="num">{t('facility.units')}</th>
            <th className="num">{t('facility.load')}</th>
            <th className="num">{t('facility.eff')}</th>
            <th className="num">{t('facility.loss')}</th>
          </tr>
        </thead>
        <tbody>
          {f.electrical.stages.map((s) => (
            <tr key={s.stage}>
              <td>{t(`facility.stage.${s.stage}` as MessageKey)}</td>
              <td className="num">{s.units > 0 && s.unitKVA !== null ? `${n(s.units, 0)} × ${n(s.unitKVA, 0)} kVA${s.redundancy ? ` ${s.redundancy}` : ''}` : '—'}</td>
              <td className="num">{s.loadFraction > 0 ? `${n(s.loadFraction * 100, 0)}%` : '—'}</td>
              <td className="num">{`${n(s.efficiency * 100, 1)}%`}</td>
              <td className="num">{pw(s.lossKW)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 style={{ marginTop: 8 }}>{t('facility.monthlyPue')}</h4>
      <MonthlyPue r={r} />
    </div>
  );
}

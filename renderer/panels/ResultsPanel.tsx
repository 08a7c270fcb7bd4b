/** Results of the engine: inventory, compute, network, power, cost, training, reliability. */
import { memo, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n, fmtNumber, type Locale, type MessageKey } from '../i18n';
import { useResults } from '../engine/client';
import type { Results } from '../../core/evaluate';
import type { MixedEstimate } from '../../core/mixed';
import { poolColour, poolColourOf } from '../engine/view';
import { TimelineSection } from './TimelineChart';
import { formatCount, formatDuration, formatPflops, formatPowerKW, formatUsd } from './format';
import { useCatalog } from '../app/catalog';
import { partName } from '../i18n/catalogText';
import { FacilityCard } from './FacilityCard';
import { BREAKDOWN_KEYS, stageSplitText } from '../../core/report/results-view';

const STEP_KEYS = new Set<string>(BREAKDOWN_KEYS);

type T = (k: MessageKey, p?: Record<string, string | number>) => string;

function num(o: unknown, ...path: string[]): number | undefined {
  let cur: unknown = o;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return typeof cur === 'number' && Number.isFinite(cur) ? cur : undefined;
}
function obj(o: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const v = (o as Record<string, unknown>)[key];
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}

/** kW shown as kW, MW, GW or TW; money and durations stepped the same way (./format). */
const power = formatPowerKW;
const money = formatUsd;
const duration = formatDuration;

function Kpi({
  label,
  value,
  testId,
  raw,
}: {
  label: string;
  value: [string, string] | string;
  testId: string;
  raw?: number | null;
}) {
  const [v, u] = typeof value === 'string' ? [value, ''] : value;
  // The whole value on hover, should the card still be too narrow for it.
  return (
    <div className="kpi" title={`${label}: ${v}${u ? ` ${u}` : ''}`}>
      <div className="k">{label}</div>
      <div className="v" data-testid={testId} data-value={raw ?? undefined}>
        {v}
        {u && <span className="u">{u}</span>}
      </div>
    </div>
  );
}

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="res-card" data-testid={testId}>
      <h4>{title}</h4>
      {children}
    </div>
  );
}

function KV({ rows }: { rows: Array<[string, ReactNode] | null | false | undefined> }) {
  return (
    <table className="kv">
      <tbody>
        {rows
          .filter((r): r is [string, ReactNode] => !!r)
          .map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{v}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

const CHART_COLOURS = [
  '#2f6fde',
  '#6b93d6',
  '#4ea374',
  '#83c59c',
  '#9d6cc9',
  '#8a93a0',
  '#3aa2b3',
  '#cf8a3c',
  '#d8a23a',
  '#d23c3c',
];

function HBarChart({
  data,
  unit,
  testId,
}: {
  data: Array<{ name: string; value: number }>;
  unit: string;
  testId: string;
}) {
  const { locale } = useI18n();
  const rows = data.filter((d) => d.value > 0);
  if (!rows.length) return null;
  return (
    <div style={{ width: '100%', height: Math.max(90, rows.length * 22 + 20) }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ left: 4, right: 16, top: 4, bottom: 4 }}>
          <CartesianGrid horizontal={false} stroke="var(--border)" />
          <XAxis type="number" tick={{ fontSize: 10, fill: 'var(--text-2)' }} stroke="var(--border)" />
          <YAxis
            type="category"
            dataKey="name"
            width={130}
            interval={0}
            tick={{ fontSize: 10, fill: 'var(--text-2)' }}
            stroke="var(--border)"
          />
          <Tooltip
            formatter={(v) => `${fmtNumber(locale, Number(v), 3)} ${unit}`}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 11 }}
          />
          <Bar dataKey="value" isAnimationActive={false}>
            {rows.map((_, i) => (
              <Cell key={i} fill={CHART_COLOURS[i % CHART_COLOURS.length]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Each rack-scale system: compute nameplate, with its scale-up switches, and the published all-in figure. */
function rackSystemRows(r: Results, t: T, locale: Locale): Array<[string, string]> {
  const pw = (kw: number) => power(locale, kw).join(' ');
  return (r.power.rackSystems ?? []).map((s) => {
    const name = partName(locale, { id: s.partId, name: s.name });
    const text = t('results.rackSystemPower', { nameplate: pw(s.nameplateKW), modelled: pw(s.modelledKW) });
    return [t('results.rackSystem', { name }), s.allInKW === null ? text : `${text} · ${t('results.rackSystemAllIn', { allIn: pw(s.allInKW) })}`];
  });
}

function PowerCard({ r, t, locale }: { r: Results; t: T; locale: Locale }) {
  const p = r.power;
  const b = p.breakdownKW;
  const data = [
    { name: t('chart.accelerators'), value: b.accelerators },
    { name: t('chart.serverOverhead'), value: b.serverOverhead },
    { name: t('chart.switches'), value: b.switches },
    { name: t('chart.optics'), value: b.optics },
    { name: t('chart.storage'), value: b.storage },
    { name: t('chart.management'), value: b.management },
    { name: t('chart.cooling'), value: p.coolingKW },
    { name: t('chart.powerChain'), value: p.powerChainLossKW },
    { name: t('chart.misc'), value: p.miscKW },
  ];
  const pw = (kw: number) => power(locale, kw).join(' ');
  return (
    <Card title={t('results.power')} testId="res-power">
      <KV
        rows={[
          [t('results.itPower'), pw(p.itTypicalKW)],
          [t('results.itMax'), pw(p.itMaxKW)],
          ...rackSystemRows(r, t, locale),
          [t('results.facilityMean'), pw(p.facilityPowerKW)],
          [t('results.facilityPeak'), pw(r.facility.designDay.facilityPowerKW)],
          [t('results.pue'), p.pue === null ? '—' : fmtNumber(locale, p.pue, 3)],
          [t('results.wue'), p.wueLPerKWh === null ? '—' : fmtNumber(locale, p.wueLPerKWh, 2)],
          [t('results.maxRack'), pw(r.maxRackPowerKW)],
          [t('results.energy'), `${fmtNumber(locale, p.annualEnergyMWh, 0)} MWh`],
        ]}
      />
      <h4 style={{ marginTop: 8 }}>{t('results.powerBreakdown')}</h4>
      <HBarChart data={data} unit="kW" testId="chart-power" />
    </Card>
  );
}

function TrainingCard({ r, t, locale }: { r: Results; t: T; locale: Locale }) {
  const tr = r.training;
  if (!tr) return null;
  const stepS = num(tr, 'stepTimeS');
  const par = obj(tr, 'parallelism');
  const bd = obj(tr, 'breakdown');
  const steps = bd
    ? Object.entries(bd)
        .filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
        .map(([k, v]) => ({ name: STEP_KEYS.has(k) ? t(`step.${k}` as MessageKey) : k, value: v as number }))
    : [];
  const fits = tr.fitsInMemory;
  return (
    <Card title={t('results.training')} testId="res-training">
      <KV
        rows={[
          stepS !== undefined && [t('results.stepTime'), `${fmtNumber(locale, stepS, 3)} s`],
          num(tr, 'tokensPerSecond') !== undefined && [
            t('results.tokensPerSecond'),
            fmtNumber(locale, num(tr, 'tokensPerSecond')!, 0),
          ],
          num(tr, 'mfu') !== undefined && [t('results.mfu'), `${fmtNumber(locale, num(tr, 'mfu')! * 100, 1)}%`],
          num(tr, 'trainingDays') !== undefined && [
            t('results.trainingDays'),
            fmtNumber(locale, num(tr, 'trainingDays')!, 1),
          ],
          num(tr, 'memoryPerAcceleratorGiB') !== undefined && [
            t('results.memory'),
            `${fmtNumber(locale, num(tr, 'memoryPerAcceleratorGiB')!, 1)} GiB${typeof fits === 'boolean' ? ` (${fits ? t('results.fits') : t('results.doesNotFit')})` : ''}`,
          ],
          !!par && [
            t('results.parallelism'),
            ['tp', 'pp', 'dp', 'cp', 'ep']
              .filter((k) => typeof par[k] === 'number')
              .map((k) => `${k.toUpperCase()}${String(par[k])}`)
              .join(' · ') +
              (typeof par.microBatch === 'number' ? ` · mb${par.microBatch}` : '') +
              (typeof par.recompute === 'string' ? ` · ${par.recompute}` : ''),
          ],
          'software' in tr && !!tr.software && [t('results.software'), <span data-testid="res-software">{t(`software.${tr.software.id}` as MessageKey)}</span>],
          'stageSplit' in tr && !!tr.stageSplit && tr.stageSplit.layersPerStage.length > 0 && [
            t('results.stageSplit'),
            <span data-testid="res-stage-split">{`${stageSplitText(tr.stageSplit.layersPerStage)} (${t(tr.stageSplit.source === 'input' ? 'results.stageSplitInput' : 'results.stageSplitBalanced')})`}</span>,
          ],
          r.runEnergyMWh !== undefined && [t('results.runEnergy'), `${fmtNumber(locale, r.runEnergyMWh, 0)} MWh`],
          r.runCostUsd !== undefined && [t('results.runCost'), money(locale, r.runCostUsd).join(' ')],
          r.runCO2Tonnes !== undefined && [t('results.runCO2'), `${fmtNumber(locale, r.runCO2Tonnes, 0)} t`],
        ]}
      />
      {'stages' in tr && <MixedSplit tr={tr} pools={r.pools} t={t} locale={locale} />}
      {steps.length > 0 && (
        <>
          <h4 style={{ marginTop: 8 }}>{t('results.stepBreakdown')}</h4>
          <HBarChart data={steps} unit="s" testId="chart-step" />
        </>
      )}
      <TimelineSection r={r} />
    </Card>
  );
}

/**
 * A mixed-chip run: how the model is split over the pools, one segment per pipeline stage
 * (width = its layers) or, when every pool trains whole replicas, per pool (width = its share
 * of the batch); colours as the pools' servers on the canvas.
 */
function MixedSplit({ tr, pools, t, locale }: { tr: MixedEstimate; pools: Results['pools']; t: T; locale: Locale }) {
  const colourOf = (pool: string) => poolColourOf(pools, pool) ?? poolColour(0);
  const replicas = tr.layout === 'replicas' && tr.batchShares;
  const segments = replicas
    ? tr.pools.map((p, i) => ({
        key: p.name,
        pool: p.name,
        weight: tr.batchShares![i] ?? 0,
        label: fmtNumber(locale, tr.batchShares![i] ?? 0, 0),
        title: t('results.mixedShare', { pool: p.name, n: fmtNumber(locale, tr.batchShares![i] ?? 0, 0) }),
      }))
    : tr.stages.map((s) => ({
        key: String(s.index),
        pool: s.pool,
        weight: s.layers,
        label: String(s.layers),
        title: t('results.mixedStage', {
          n: s.index + 1,
          pool: s.pool,
          layers: s.layers,
          tp: s.tp,
          ms: fmtNumber(locale, s.stageTimeS * 1000, 1),
        }),
      }));
  const total = segments.reduce((x, s) => x + s.weight, 0) || 1;
  return (
    <div className="mixed-split" data-testid="mixed-split" data-layout={replicas ? 'replicas' : 'pipeline'}>
      <h4 style={{ marginTop: 8 }}>{t(replicas ? 'results.mixedReplicas' : 'results.mixedPipeline')}</h4>
      <div className="bar">
        {segments.map((s) => (
          <div
            key={s.key}
            className="seg"
            title={s.title}
            data-pool={s.pool}
            style={{ flexGrow: s.weight / total, background: colourOf(s.pool) }}
          >
            {s.weight / total > 0.04 ? s.label : ''}
          </div>
        ))}
      </div>
      <div className="legend">
        {tr.pools.map((p) => (
          <span key={p.name}>
            <i style={{ background: colourOf(p.name) }} />
            {t('results.mixedPool', {
              pool: p.name,
              n: fmtNumber(locale, p.count, 0),
              acc: p.acceleratorId,
              layers: p.layers,
              tp: p.tp,
            })}
          </span>
        ))}
      </div>
      <KV
        rows={[
          [t('results.mixedUtilization'), `${fmtNumber(locale, tr.aggregateUtilization * 100, 1)}%`],
          tr.uniformSplitTokensPerSecond > 0 && [
            t('results.mixedVsUniform'),
            `${fmtNumber(locale, tr.tokensPerSecond / tr.uniformSplitTokensPerSecond, 2, 2)}×`,
          ],
          [
            t('results.mixedBottleneck'),
            `${tr.bottleneck.pool} · ${t(`bottleneck.${tr.bottleneck.code}`, { pools: (tr.bottleneck.cappedPools ?? []).join(', ') })}`,
          ],
        ]}
      />
    </div>
  );
}

function ReliabilityCard({ r, t, locale }: { r: Results; t: T; locale: Locale }) {
  const rel = obj(r.training, 'reliability');
  if (!rel) return null;
  const mtbf = num(rel, 'mtbfHours');
  const ck = num(rel, 'checkpointIntervalMin');
  const gp = num(rel, 'goodput');
  return (
    <Card title={t('results.reliability')} testId="res-reliability">
      <KV
        rows={[
          mtbf !== undefined && [t('results.mtbf'), `${fmtNumber(locale, mtbf, 1)} h`],
          num(rel, 'interruptionsPerDay') !== undefined && [
            t('results.interruptions'),
            fmtNumber(locale, num(rel, 'interruptionsPerDay')!, 2),
          ],
          ck !== undefined && [t('results.checkpoint'), `${fmtNumber(locale, ck, 0)} min`],
          gp !== undefined && [t('results.goodput'), `${fmtNumber(locale, gp * 100, 1)}%`],
          num(rel, 'wallClockDays') !== undefined && [
            t('results.wallClockDays'),
            fmtNumber(locale, num(rel, 'wallClockDays')!, 1),
          ],
        ]}
      />
    </Card>
  );
}

const ResultsBody = memo(function ResultsBody({ r }: { r: Results }) {
  const { t, locale } = useI18n();
  const catalog = useCatalog((s) => s.catalog);
  /** A part by its display name (the id when the catalog does not know it). */
  const nameOf = (id: string) => {
    const p = catalog.get(id);
    return p ? partName(locale, p) : id;
  };
  const n0 = (v: number) => fmtNumber(locale, v, 0);
  const inv = r.inventory;
  const days = num(r.training, 'trainingDays');
  const mfu = num(r.training, 'mfu');
  return (
    <>
      <div className="kpis">
        <Kpi
          label={t('results.accelerators')}
          value={formatCount(locale, r.accelerators)}
          testId="kpi-accelerators"
          raw={r.accelerators}
        />
        <Kpi label={t('results.itPower')} value={power(locale, r.itPowerKW)} testId="kpi-it-power" raw={r.itPowerKW} />
        <Kpi
          label={t('results.facilityPower')}
          value={power(locale, r.facilityPowerKW)}
          testId="kpi-facility-power"
          raw={r.facilityPowerKW}
        />
        <Kpi
          label={t('results.pue')}
          value={r.pue === null ? '—' : fmtNumber(locale, r.pue, 3)}
          testId="kpi-pue"
          raw={r.pue}
        />
        <Kpi label={t('results.capex')} value={money(locale, r.capexUsd)} testId="kpi-capex" raw={r.capexUsd} />
        <Kpi
          label={`${t('results.peakCompute')} BF16`}
          value={formatPflops(locale, r.compute.peakPflops.bf16)}
          testId="kpi-peak"
        />
        {days !== undefined && (
          <Kpi label={t('results.trainingDays')} value={duration(locale, days * 86400)} testId="kpi-training-days" />
        )}
        {mfu !== undefined && (
          <Kpi label={t('results.mfu')} value={`${fmtNumber(locale, mfu * 100, 1)}%`} testId="kpi-mfu" />
        )}
      </div>
      <div className="res-grid">
        <Card title={t('results.inventory')} testId="res-inventory">
          <KV
            rows={[
              [
                t('results.accelerators'),
                inv.acceleratorsByType.map((l) => `${n0(l.count)} × ${nameOf(l.key)}`).join(', ') || '0',
              ],
              [t('results.servers'), inv.serversByType.map((l) => `${n0(l.count)} × ${nameOf(l.key)}`).join(', ') || '0'],
              [t('results.racks'), n0(inv.racks)],
              [
                t('results.switches'),
                `${n0(inv.switches.total)} (${t('results.tierCounts', { leaf: n0(inv.switches.byTier.leaf), spine: n0(inv.switches.byTier.spine), core: n0(inv.switches.byTier.core) })})`,
              ],
              [t('results.nics'), n0(inv.nics)],
              [t('results.transceivers'), n0(inv.transceivers)],
              [t('results.cables'), n0(inv.cables)],
              [t('results.coolingUnits'), n0(inv.coolingUnits)],
              [t('results.storage'), n0(inv.storageSystems)],
              [t('results.pdus'), n0(inv.pdus)],
            ]}
          />
        </Card>
        <Card title={t('results.compute')} testId="res-compute">
          <KV
            rows={[
              ['BF16', `${fmtNumber(locale, r.compute.peakPflops.bf16, 1)} PFLOPS`],
              ['FP8', `${fmtNumber(locale, r.compute.peakPflops.fp8, 1)} PFLOPS`],
              [t('results.hbm'), `${fmtNumber(locale, r.compute.hbmTB, 1)} TB`],
              [t('results.scaleUp'), `${fmtNumber(locale, r.compute.scaleUpTBps, 1)} TB/s`],
              [t('results.scaleOut'), `${fmtNumber(locale, r.compute.scaleOutTbps, 1)} Tb/s`],
              r.compute.storageCapacityTB > 0 && [
                t('results.storage'),
                `${fmtNumber(locale, r.compute.storageCapacityTB, 0)} TB · ${fmtNumber(locale, r.compute.storageReadGBps, 0)} GB/s`,
              ],
              ...r.pools.map((p): [string, string] => [
                t('results.pool', { name: p.pool }),
                `${n0(p.accelerators)} × ${p.acceleratorId} · ${fmtNumber(locale, p.peakPflopsBf16, 1)} PFLOPS`,
              ]),
            ]}
          />
        </Card>
        <Card title={t('results.bandwidth')} testId="res-network">
          {r.fabrics.length === 0 ? (
            <div className="empty-note" style={{ padding: 0 }}>
              {t('results.noFabric')}
            </div>
          ) : (
            r.fabrics.map((f) => (
              <KV
                key={f.fabricId}
                rows={[
                  [
                    f.name + (f.instances > 1 ? ` ×${f.instances}` : ''),
                    t('results.fabricShape', { tiers: f.tiers, n: n0(f.nodes) }),
                  ],
                  [
                    t('results.fabricSwitches'),
                    t('results.tierCounts', {
                      leaf: n0(f.switches.leaf),
                      spine: n0(f.switches.spine),
                      core: n0(f.switches.core),
                    }),
                  ],
                  [t('results.bisection'), `${fmtNumber(locale, f.bisectionTBps, 1)} TB/s`],
                  [t('results.transceivers'), n0(f.transceivers)],
                  [t('results.oversubscription'), `${fmtNumber(locale, f.oversubscription, 2)}:1`],
                  [t('results.power'), power(locale, f.powerKW).join(' ')],
                ]}
              />
            ))
          )}
        </Card>
        <PowerCard r={r} t={t} locale={locale} />
        <FacilityCard r={r} />
        <Card title={t('results.cost')} testId="res-cost">
          <KV
            rows={[
              [t('results.capex'), money(locale, r.cost.capexUsd).join(' ')],
              ...Object.entries(r.cost.capexByCategory)
                .filter(([, v]) => v > 0)
                .map(([k, v]): [string, string] => [`· ${t(`cost.${k}` as MessageKey)}`, money(locale, v).join(' ')]),
              [t('results.opex'), money(locale, r.cost.opexPerYearUsd).join(' ')],
              r.cost.costPerAcceleratorHourUsd !== null && [
                t('results.perAccHour'),
                fmtNumber(locale, r.cost.costPerAcceleratorHourUsd, 2),
              ],
            ]}
          />
        </Card>
        <TrainingCard r={r} t={t} locale={locale} />
        <ReliabilityCard r={r} t={t} locale={locale} />
        {r.bom.length > 0 && (
          <Card title={t('results.bom')} testId="res-bom">
            <table className="bom">
              <thead>
                <tr>
                  <th>{t('results.bomItem')}</th>
                  <th className="num">{t('results.bomQty')}</th>
                  <th className="num">{t('results.bomCost')}</th>
                </tr>
              </thead>
              <tbody>
                {r.bom.map((l) => (
                  <tr key={`${l.category}|${l.partId}|${l.unitPriceUsd}`} title={l.source}>
                    <td>{l.name}</td>
                    <td className="num">{n0(l.quantity)}</td>
                    <td className="num">{money(locale, l.totalUsd).join(' ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
      </div>
    </>
  );
});

export function ResultsPanel() {
  const { t } = useI18n();
  const results = useResults((s) => s.results);
  const error = useResults((s) => s.error);
  const timedOutS = useResults((s) => s.timedOutS);
  return (
    <div className="results" data-testid="results">
      {error && (
        <div className="notice error" style={{ marginBottom: 8 }} data-testid="results-error">
          {t('results.error', { message: error })}
        </div>
      )}
      {timedOutS !== null && (
        <div className="notice error" style={{ marginBottom: 8 }} data-testid="results-timeout">
          {t('results.timeout', { seconds: timedOutS })}
        </div>
      )}
      {results ? (
        <ResultsBody r={results} />
      ) : (
        !error &&
        timedOutS === null && (
          <div className="empty-note" data-testid="results-empty">
            {t('results.none')}
          </div>
        )
      )}
    </div>
  );
}

import { describe, expect, it } from 'vitest';
import { warningText } from '../warning-text';
import { evaluate, type Results } from '../evaluate';
import { parseDesign, type Design } from '../model';
import {
  buildReport,
  compareReport,
  formatNumber,
  parseBomCsv,
  readXlsx,
  renderHtml,
  renderMarkdown,
  renderReport,
  reportHtml,
  type ReportModel,
} from '.';
import { sampleDesign } from './sample-design.fixture';
import { MESSAGES } from './i18n';

const OPTS = { lang: 'en' as const, date: '2026-11-27', appVersion: '0.1.0' };

function setup(input = sampleDesign()): { design: Design; results: Results; model: ReportModel; html: string; md: string } {
  const design = parseDesign(input);
  const results = evaluate(design);
  const model = buildReport(design, results, OPTS);
  return { design, results, model, html: renderHtml(model), md: renderMarkdown(model) };
}

/** Visible text of the HTML (tags stripped, entities decoded). */
function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Every external reference an HTML file could load. */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  const patterns = [/https?:/gi, /\/\/[a-z0-9.-]+\.[a-z]{2,}/gi, /@import/gi, /url\(\s*['"]?(?!data:)[^)]/gi, /\b(?:src|href)\s*=\s*["']?(?!#|data:)[^"'\s>]+/gi, /<script/gi, /<link/gi, /<iframe/gi];
  for (const p of patterns) for (const m of html.matchAll(p)) found.push(m[0]);
  return found;
}

describe('report of the sample design', () => {
  const { results, model, html, md } = setup();

  it('uses a design whose figures can be checked by hand', () => {
    // 2 scalable units x 8 racks x 4 DGX H100 x 8 GPUs.
    expect(results.accelerators).toBe(2 * 8 * 4 * 8);
    // H100 SXM dense BF16 989 TFLOPS (REFERENCE.md): 512 x 989 = 506,368 TFLOPS.
    expect(results.compute.peakPflops.bf16).toBeCloseTo(506.368, 6);
    // DGX SuperPOD, 2 SUs (512 GPUs): 16 leaf + 8 spine (REFERENCE.md).
    expect(results.fabrics[0]?.switches).toMatchObject({ leaf: 16, spine: 8, core: 0 });
  });

  it('shows the summary numbers exactly as evaluate() gives them, formatted once', () => {
    const expected = [
      formatNumber(results.accelerators, 'int'),
      formatNumber(results.servers, 'int'),
      formatNumber(results.racks, 'int'),
      formatNumber(results.switches, 'int'),
      `${formatNumber(results.compute.peakPflops.bf16, 'd1')} PFLOPS`,
      `${formatNumber(results.itPowerKW, 'd1')} kW`,
      `${formatNumber(results.facilityPowerKW, 'd1')} kW`,
      formatNumber(results.pue, 'd2'),
      formatNumber(results.capexUsd, 'usd'),
      formatNumber(results.cost.opexPerYearUsd, 'usd'),
      `${formatNumber(results.annualEnergyMWh, 'int')} MWh`,
      `${formatNumber(results.maxRackPowerKW, 'd1')} kW`,
    ];
    // The hand-checked figures, spelled out.
    expect(expected.slice(0, 1)).toEqual(['512']);
    expect(expected[4]).toBe('506.4 PFLOPS');
    const stats = model.sections.find((s) => s.id === 'summary')!.blocks.find((b) => b.kind === 'stats');
    expect(stats).toBeDefined();
    const text = textOf(html);
    for (const e of expected) {
      expect(text).toContain(e);
      expect(md).toContain(e);
    }
  });

  it('lists every BOM line with part number, quantity, total and source', () => {
    const text = textOf(html);
    expect(results.bom.length).toBeGreaterThan(3);
    for (const b of results.bom) {
      expect(text).toContain(b.partId);
      expect(text).toContain(formatNumber(b.totalUsd, 'usd'));
      expect(text).toContain(b.source.replace(/\s+/g, ' ').trim());
    }
  });

  it('lists every assumption with its key, value, unit and source', () => {
    const text = textOf(html);
    expect(results.assumptions.length).toBeGreaterThan(5);
    for (const a of results.assumptions) {
      expect(text).toContain(a.key);
      expect(text).toContain(a.label.replace(/\s+/g, ' ').trim());
      expect(text).toContain(formatNumber(a.value, 'auto'));
    }
  });

  it('draws the fabric tiers and one elevation per distinct rack type', () => {
    const topo = html.match(/<figure id="f-topology-fab">[\s\S]*?<\/figure>/)?.[0] ?? '';
    expect(topo).toContain('Spine × 8');
    expect(topo).toContain('Leaf × 16');
    expect(topo).toContain('Servers × 64');
    const racks = html.match(/<figure id="f-racks-1">[\s\S]*?<\/figure>/)?.[0] ?? '';
    expect(racks).toContain('GPU rack × 16');
    expect(racks).toContain('Storage rack × 1');
    // Four 8U DGX H100 in the GPU rack.
    expect((racks.match(/NVIDIA DGX H100/g) ?? []).length).toBe(4);
  });

  it('charts power with the Results breakdown', () => {
    const fig = html.match(/<figure id="f-power-breakdown">[\s\S]*?<\/figure>/)?.[0] ?? '';
    expect(fig).toContain(`${formatNumber(results.power.breakdownKW.accelerators, 'd1')} kW`);
    expect(fig).toContain(`${formatNumber(results.power.coolingKW, 'd1')} kW`);
  });

  it('is standalone: no URL, script, link, import or remote source', () => {
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain('<style>');
    expect(html).toContain('<svg ');
    // The scanner does catch what it looks for.
    expect(externalReferences('<img src="https://x.org/a.png"><style>@import "a.css"; b{background:url(x.png)}</style>').length).toBeGreaterThanOrEqual(3);
  });

  it('never shows NaN, Infinity or undefined', () => {
    for (const s of [html, md]) expect(s).not.toMatch(/NaN|Infinity|undefined|\[object Object\]/);
  });

  it('is deterministic', () => {
    const again = setup();
    expect(again.html).toBe(html);
    expect(again.md).toBe(md);
  });

  it('CSV and XLSX read back to the same BOM as evaluate()', () => {
    const design = parseDesign(sampleDesign());
    const csv = renderReport(model, 'csv', { design, results }) as string;
    expect(parseBomCsv(csv)).toEqual(results.bom);
    const xlsx = renderReport(model, 'xlsx', { design, results }) as Uint8Array;
    const sheets = readXlsx(xlsx);
    expect(sheets.map((s) => s.name)).toEqual(['BOM', 'Power', 'Racks']);
    const bomSheet = sheets[0]!;
    const back = bomSheet.rows.map((r) => Object.fromEntries(bomSheet.columns.map((c, i) => [c, r[i]])));
    expect(back).toEqual(results.bom);
    const power = Object.fromEntries(sheets[1]!.rows.map((r) => [r[0], r[2]]));
    expect(power.facilityPowerKW).toBe(results.power.facilityPowerKW);
    expect(power.pue).toBe(results.power.pue);
    const racks = sheets[2]!;
    expect(racks.rows.map((r) => r[0])).toEqual(results.rackResults.map((r) => r.rackId));
    expect(racks.rows[0]?.[racks.columns.indexOf('itPowerW')]).toBe(results.rackResults[0]?.itPowerW);
  });

  it('JSON holds the design and the results unchanged', () => {
    const design = parseDesign(sampleDesign());
    const json = JSON.parse(renderReport(model, 'json', { design, results }) as string) as { design: unknown; results: unknown };
    expect(json.design).toEqual(JSON.parse(JSON.stringify(design)));
    expect(json.results).toEqual(JSON.parse(JSON.stringify(results)));
  });
});

describe('languages', () => {
  it('zh-CN translates labels but shows the same numbers', () => {
    const design = parseDesign(sampleDesign());
    const results = evaluate(design);
    const zh = reportHtml(design, results, { ...OPTS, lang: 'zh-CN' });
    expect(zh).toContain('<html lang="zh-CN">');
    for (const key of ['secSummary', 'secBom', 'secPower', 'secAssumptions', 'secRacks', 'secNetwork'] as const) {
      expect(zh).toContain(MESSAGES['zh-CN'][key]);
    }
    expect(zh).not.toContain('>Bill of materials<');
    const text = textOf(zh);
    expect(text).toContain(`${formatNumber(results.facilityPowerKW, 'd1')} kW`);
    expect(text).toContain(formatNumber(results.capexUsd, 'usd'));
    expect(externalReferences(zh)).toEqual([]);
  });
});

describe('warnings', () => {
  it('a design with warnings still gets a report, with the warnings first', () => {
    const input = sampleDesign();
    input.racks = input.racks!.map((r) => (r.id === 'rk-gpu' ? { ...r, powerBudgetW: 20_000 } : r));
    const { results, model, html } = setup(input);
    const over = results.warnings.filter((w) => w.code === 'rack-over-budget');
    expect(over.length).toBe(1);
    expect(model.sections[0]?.id).toBe('warnings');
    expect(model.sections[0]?.title).toBe(`Warnings (${results.warnings.length})`);
    const text = textOf(html);
    for (const w of results.warnings) expect(text).toContain(w.message);
    // Warnings come before the summary.
    expect(html.indexOf('id="warnings"')).toBeLessThan(html.indexOf('id="summary"'));
  });
});

describe('training sections', () => {
  // The training part of Results, shaped as the CLI contract's `estimate`; the report must copy it.
  const training = {
    stepTimeS: 13.75,
    tokensPerSecond: 9532.5,
    mfu: 0.4612,
    hfu: 0.5933,
    modelTflopsPerAccelerator: 143.9,
    hardwareTflopsPerAccelerator: 185.1,
    trainingDays: 33.27,
    memoryPerAcceleratorGiB: 61.4,
    fitsInMemory: true,
    parallelism: { tp: 8, pp: 8, dp: 8, cp: 1, ep: 1, virtualStages: 3, microBatch: 1, recompute: 'selective' },
    breakdown: { computeS: 10.5, tpCommS: 1.25, cpCommS: 0, epCommS: 0, ppCommS: 0.1, pipelineBubbleS: 1.4, dpCommExposedS: 0.3, optimizerS: 0.2 },
    reliability: { interruptionsPerDay: 1.32, mtbfHours: 18.2, checkpointIntervalMin: 41.5, goodput: 0.912, wallClockDays: 36.48 },
    stages: [
      { pool: 'h100', layers: 60, stageTimeS: 0.71 },
      { pool: 'a100', layers: 36, stageTimeS: 0.69 },
    ],
    aggregateUtilization: 0.962,
    uniformSplitTokensPerSecond: 7100.2,
  };
  it('shows step time, breakdown chart, parallelism, reliability and the stage split', () => {
    const design = parseDesign(sampleDesign());
    const results = { ...evaluate(design), training } as unknown as Results;
    const html = renderHtml(buildReport(design, results, OPTS));
    const text = textOf(html);
    for (const s of ['13.75 s', '9,533', '46.1%', '59.3%', '33.3 days', '36.5 days', '61.4 GiB', 'TP 8 · PP 8 · DP 8 · CP 1 · EP 1 · VP 3', 'selective', '1.32 /day', '18.2 h', '41.5 min', '91.2%', '96.2%', '7,100']) {
      expect(text).toContain(s);
    }
    const fig = html.match(/<figure id="f-step-time">[\s\S]*?<\/figure>/)?.[0] ?? '';
    expect(fig).toContain('Compute: 10.50 s');
    expect(fig).toContain('Pipeline bubble: 1.40 s');
    expect(html).toContain('id="stages"');
    expect(text).toContain('1 h100 60 — 0.71 s');
    // Summary tiles carry training and wall-clock days.
    expect(html).toMatch(/data-stat="trainingDays"[\s\S]*?33\.3 days/);
    expect(html).toMatch(/data-stat="wallClockDays"[\s\S]*?36\.5 days/);
  });
  it('without a workload says so and has no training section', () => {
    const { model, html } = setup();
    expect(model.sections.some((s) => s.id === 'training')).toBe(false);
    expect(html).toContain('no training estimate');
  });
});

describe('comparison report', () => {
  it('puts 2-4 designs side by side with each design’s own numbers', () => {
    const a = parseDesign(sampleDesign());
    const b = parseDesign({ ...sampleDesign(), id: 'b', name: 'Half pod', groups: [{ id: 'su', name: 'SU', kind: 'su', count: 1, position: { x: 0, y: 0 } }] });
    const ra = evaluate(a);
    const rb = evaluate(b);
    expect(rb.accelerators).toBe(256);
    const { html, md } = compareReport(
      [
        { design: a, results: ra },
        { design: b, results: rb },
      ],
      OPTS,
    );
    for (const s of [textOf(html), md]) {
      expect(s).toContain('1. H100 pod (512 GPUs)');
      expect(s).toContain('2. Half pod');
      expect(s).toContain(formatNumber(ra.capexUsd, 'usd'));
      expect(s).toContain(formatNumber(rb.capexUsd, 'usd'));
      expect(s).toContain(`${formatNumber(rb.facilityPowerKW, 'd1')} kW`);
    }
    expect(externalReferences(html)).toEqual([]);
    expect(() => compareReport([{ design: a, results: ra }], OPTS)).toThrow(/2 to 4 designs/);
  });
});

describe('training estimate from evaluate()', () => {
  it('shows the engine training and reliability figures of a scenario', async () => {
    const { scenarioToDesign } = await import('../model/scenario');
    const design = scenarioToDesign({
      name: 'GPT-3 175B on 1024 A100',
      model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 },
      training: { tokens: 3e11, globalBatch: 1536, parallelism: { tp: 8, pp: 8 } },
      cluster: { accelerator: 'a100-sxm4-80gb', count: 1024 },
    });
    const results = evaluate(design);
    const tr = results.training;
    expect(tr).toBeDefined();
    // 1024 accelerators / (TP 8 x PP 8) = DP 16, by hand.
    expect(tr!.parallelism).toMatchObject({ tp: 8, pp: 8, dp: 16 });
    const model = buildReport(design, results, OPTS);
    const html = renderHtml(model);
    const text = textOf(html);
    expect(text).toContain('TP 8 · PP 8 · DP 16');
    for (const s of [
      `${formatNumber(tr!.stepTimeS, 'd2')} s`,
      formatNumber(tr!.tokensPerSecond, 'int'),
      formatNumber(tr!.mfu, 'pct'),
      `${formatNumber(tr!.trainingDays, 'd1')} days`,
      `${formatNumber(tr!.memoryPerAcceleratorGiB, 'd1')} GiB`,
    ]) {
      expect(text).toContain(s);
    }
    if (tr!.reliability) {
      expect(text).toContain(`${formatNumber(tr!.reliability.wallClockDays, 'd1')} days`);
      expect(text).toContain(formatNumber(tr!.reliability.goodput, 'pct'));
      expect(html).toMatch(/data-stat="wallClockDays"/);
    }
    const fig = html.match(/<figure id="f-step-time">[\s\S]*?<\/figure>/)?.[0] ?? '';
    expect(fig).toContain(`Compute: ${formatNumber(tr!.breakdown.computeS, 'd2')} s`);
    expect(text).toContain(`${formatNumber(results.runEnergyMWh, 'int')} MWh`);
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });
});

describe('every built-in template', () => {
  it('gets a complete report in both languages with the engine numbers and nothing external', async () => {
    const { TEMPLATES } = await import('../model/templates');
    expect(TEMPLATES.length).toBeGreaterThan(0);
    for (const tpl of TEMPLATES) {
      const design = tpl.build();
      const results = evaluate(design);
      for (const lang of ['en', 'zh-CN'] as const) {
        const html = reportHtml(design, results, { ...OPTS, lang });
        const text = textOf(html);
        expect(externalReferences(html), tpl.id).toEqual([]);
        expect(html, tpl.id).not.toMatch(/NaN|Infinity|undefined|\[object Object\]/);
        expect(text, tpl.id).toContain(formatNumber(results.accelerators, 'int'));
        expect(text, tpl.id).toContain(`${formatNumber(results.facilityPowerKW, 'd1')} kW`);
        expect(text, tpl.id).toContain(formatNumber(results.capexUsd, 'usd'));
        for (const b of results.bom) expect(text, `${tpl.id} ${b.partId}`).toContain(b.partId);
        for (const w of results.warnings) expect(text, tpl.id).toContain(warningText(w, lang));
      }
    }
  });
});

describe('collective bandwidth table', () => {
  it('renders Results.collectives (groups of collectiveTable rows) when evaluate() provides them', () => {
    const design = parseDesign(sampleDesign());
    const collectives = [
      {
        name: 'DP all-reduce (64 ranks)',
        rows: [
          // nccl-tests 8x H100 all-reduce at 8 GiB: busbw ~480 GB/s = algbw x 2(n-1)/n = 274.3 x 1.75.
          { op: 'all-reduce', bytes: 8 * 2 ** 30, timeS: 0.03131, algorithm: 'in-network', algbwGBps: 274.3, busbwGBps: 480.0 },
        ],
      },
    ];
    const results = { ...evaluate(design), collectives } as unknown as Results;
    const text = textOf(renderHtml(buildReport(design, results, OPTS)));
    expect(text).toContain('Collective bandwidth: DP all-reduce (64 ranks)');
    expect(text).toContain('all-reduce 8 GiB 31.3 ms in-network 274.3 480.0');
  });
});

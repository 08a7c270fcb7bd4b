/** Workload panel: model (preset or custom), training tokens and batch, parallelism auto or manual. */
import { useEffect, useId, useState } from 'react';
import { fmtNumber, useI18n, type MessageKey } from '../i18n';
import { useResults } from '../engine/client';
import { degreeProblem, type DegreeKey } from './parallelism';
import { termText } from '../i18n/catalogText';
import { useApp } from '../store';
import * as ops from '../store/ops';
import { Field, Section, SelectField, boundError, designBound, parseNum, useValidatedEdit } from './fields';
import { MODEL_PRESETS } from './modelPresets';
import type { Design, Workload } from '../../core/model/design';
import { workingGlobalBatch } from '../../core/training/batch';
import { DEFAULT_SOFTWARE, SOFTWARE_PRESET_IDS } from '../../core/training/software';

const DEFAULT_PRESET = MODEL_PRESETS[0]!;

const DEFAULT_BATCH = 1536;

/** Accelerators of a single-pool design (the last results), for choosing a batch that runs on them. */
function singlePoolCount(): number | undefined {
  const r = useResults.getState().results;
  return r && r.pools.length === 1 && r.accelerators > 0 ? r.accelerators : undefined;
}

/** `batch`, or the nearest batch that some automatic layout of `model` runs on the design's accelerators. */
function batchFor(model: Workload['model'], batch: number): number {
  const n = singlePoolCount();
  return n === undefined || !Number.isInteger(batch) || batch < 1 ? batch : workingGlobalBatch(model, n, batch);
}

function defaultWorkload(): Workload {
  const model = { preset: DEFAULT_PRESET.id, name: DEFAULT_PRESET.name, ...DEFAULT_PRESET.model };
  return {
    model,
    training: { tokens: 300e9, globalBatch: batchFor(model, DEFAULT_BATCH), precision: 'bf16', zeroStage: 1, parallelism: {} },
    reliability: { strategy: 'automatic', asyncCheckpoint: false, spareNodes: 0 },
  };
}

type ModelField = 'layers' | 'hidden' | 'heads' | 'kvHeads' | 'ffnHidden' | 'vocab' | 'seqLength' | 'experts';
type ParKey = DegreeKey;

/** The bound of a workload field, from the design schema. */
const wb = (path: string) => designBound(`workload.${path}`);

export function WorkloadEditor() {
  const { t, locale } = useI18n();
  const accelerators = useResults((s) => s.results?.accelerators);
  const pools = useResults((s) => s.results?.pools?.length ?? 1);
  const w = useApp((s) => s.design.workload);
  const edit = useValidatedEdit();
  const set = (next: Workload | undefined) => edit((d: Design) => ops.setWorkload(d, next));
  if (!w) {
    return (
      <Section title={t('inspector.workload')} testId="inspector-workload">
        <div className="empty-note" style={{ padding: '2px 0 6px' }}>
          {t('inspector.noWorkload')}
        </div>
        <button className="btn small" data-testid="add-workload" onClick={() => set(defaultWorkload())}>
          {t('inspector.addWorkload')}
        </button>
      </Section>
    );
  }
  const presetId = w.model.preset && MODEL_PRESETS.some((p) => p.id === w.model.preset) ? w.model.preset : '';
  const setModel = (patch: Record<string, unknown>) => {
    const model = { ...w.model, ...patch } as Workload['model'];
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (model as Record<string, unknown>)[k];
    return set({ ...w, model });
  };
  const modelNum =
    (k: ModelField, optional = false) =>
    (raw: string) => {
      const v = parseNum(raw);
      // A manual edit of an architecture field makes the model custom.
      return setModel({ [k]: v === undefined && !optional ? Number.NaN : v, preset: undefined });
    };
  const setTraining = (patch: Record<string, unknown>) => {
    const training = { ...w.training, ...patch } as Workload['training'];
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (training as Record<string, unknown>)[k];
    return set({ ...w, training });
  };
  const par = w.training.parallelism;
  // Manual degrees are checked against the engine's divisibility rules; with several pools
  // each pool has its own degrees, so the cluster-size rule is left to the engine.
  const parCheck = (k: ParKey, v: number): string | null => {
    const bound = wb(`training.parallelism.${k}`);
    const outside = bound ? boundError(locale, bound, v) : null;
    if (outside) return outside;
    const p = degreeProblem(k, v, w, pools > 1 ? undefined : accelerators);
    if (!p) return null;
    const reason = t(`par.rule.${p.rule}`, p.params);
    const K = k.toUpperCase();
    const value = fmtNumber(locale, v, 0);
    return p.allowed.length
      ? t('par.notAllowed', { k: K, value, reason, allowed: p.allowed.map((x) => fmtNumber(locale, x, 0)).join(', ') })
      : t('par.noneAllowed', { k: K, value, reason });
  };
  const manual = Object.values(par).some((v) => v !== undefined);
  const setPar = (k: ParKey) => (raw: string) => {
    const v = parseNum(raw);
    const parallelism = { ...par, [k]: v };
    if (v === undefined) delete parallelism[k];
    return setTraining({ parallelism });
  };
  return (
    <Section title={t('inspector.workload')} testId="inspector-workload">
      <div className="fields">
        <SelectField
          label="inspector.modelPreset"
          testId="workload-preset"
          value={presetId}
          options={[
            { value: '', label: !presetId && w.model.name ? `${t('inspector.custom')}: ${w.model.name}` : t('inspector.custom') },
            ...MODEL_PRESETS.map((p) => ({ value: p.id, label: p.name })),
          ]}
          onChange={(v) => {
            const p = MODEL_PRESETS.find((x) => x.id === v);
            if (!p) return setModel({ preset: undefined });
            const model = { preset: p.id, name: p.name, ...p.model };
            // with automatic parallelism, keep the batch runnable on this design
            const globalBatch = manual ? w.training.globalBatch : batchFor(model, w.training.globalBatch);
            return set({ ...w, model, training: { ...w.training, globalBatch } });
          }}
        />
        <Field label="inspector.layers" value={w.model.layers} type="number" bound={wb('model.layers')} onCommit={modelNum('layers')} />
        <Field label="inspector.hidden" value={w.model.hidden} type="number" bound={wb('model.hidden')} onCommit={modelNum('hidden')} />
        <Field label="inspector.heads" value={w.model.heads} type="number" bound={wb('model.heads')} onCommit={modelNum('heads')} />
        <Field
          label="inspector.kvHeads"
          value={w.model.kvHeads}
          type="number"
          placeholder={String(w.model.heads)}
          bound={wb('model.kvHeads')}
          onCommit={modelNum('kvHeads', true)}
        />
        <Field
          label="inspector.ffnHidden"
          value={w.model.ffnHidden}
          type="number"
          placeholder={String(4 * w.model.hidden)}
          bound={wb('model.ffnHidden')}
          onCommit={modelNum('ffnHidden', true)}
        />
        <Field label="inspector.vocab" value={w.model.vocab} type="number" bound={wb('model.vocab')} onCommit={modelNum('vocab')} />
        <Field
          label="inspector.seqLength"
          value={w.model.seqLength}
          type="number"
          bound={wb('model.seqLength')}
          onCommit={modelNum('seqLength')}
        />
        <Field
          label="inspector.experts"
          value={w.model.experts}
          type="number"
          placeholder="0"
          bound={wb('model.experts')}
          onCommit={modelNum('experts', true)}
        />
        <Field
          label="inspector.tokens"
          testId="workload-tokens"
          value={w.training.tokens}
          type="number"
          bound={wb('training.tokens')}
          onCommit={(raw) => setTraining({ tokens: parseNum(raw) ?? Number.NaN })}
        />
        <Field
          label="inspector.globalBatch"
          testId="workload-globalBatch"
          value={w.training.globalBatch}
          type="number"
          bound={wb('training.globalBatch')}
          onCommit={(raw) => setTraining({ globalBatch: parseNum(raw) ?? Number.NaN })}
        />
        <BatchSuggestions onPick={(b) => setTraining({ globalBatch: b })} />
        <Field
          label="inspector.microBatch"
          value={w.training.microBatch}
          type="number"
          placeholder={t('inspector.auto')}
          bound={wb('training.microBatch')}
          onCommit={(raw) => setTraining({ microBatch: parseNum(raw) })}
        />
        <SelectField
          label="inspector.precision"
          value={w.training.precision}
          options={(['bf16', 'fp16', 'fp8'] as const).map((k) => ({ value: k, label: k.toUpperCase() }))}
          onChange={(v) => setTraining({ precision: v })}
        />
        <SelectField
          label="inspector.recompute"
          value={w.training.recompute ?? ''}
          options={[
            { value: '', label: t('inspector.auto') },
            { value: 'none', label: termText(locale, 'recompute', 'none') },
            { value: 'selective', label: termText(locale, 'recompute', 'selective') },
            { value: 'full', label: termText(locale, 'recompute', 'full') },
          ]}
          onChange={(v) => setTraining({ recompute: v || undefined })}
        />
        <SelectField
          label="inspector.software"
          testId="workload-software"
          value={w.training.software ?? DEFAULT_SOFTWARE}
          options={SOFTWARE_PRESET_IDS.map((k) => ({ value: k, label: t(`software.${k}` as MessageKey) }))}
          onChange={(v) => setTraining({ software: v === DEFAULT_SOFTWARE ? undefined : v })}
        />
        <SelectField
          label="inspector.zeroStage"
          value={String(w.training.zeroStage)}
          options={['0', '1', '2', '3'].map((k) => ({ value: k, label: k }))}
          onChange={(v) => setTraining({ zeroStage: Number(v) })}
        />
        <SelectField
          label="inspector.parallelism"
          testId="workload-parallelism-mode"
          value={manual ? 'manual' : 'auto'}
          options={[
            { value: 'auto', label: t('inspector.parallelismAuto') },
            { value: 'manual', label: t('inspector.parallelismManual') },
          ]}
          onChange={(v) => setTraining({ parallelism: v === 'auto' ? {} : { tp: 8, pp: 1 } })}
        />
        {manual &&
          (['tp', 'pp', 'dp', 'cp', 'ep'] as const).map((k) => (
            <ParField
              key={k}
              k={k}
              value={par[k]}
              onCommit={setPar(k)}
              check={(v) => parCheck(k, v)}
            />
          ))}
        <div className="full">
          <button className="btn small danger" data-testid="remove-workload" onClick={() => set(undefined)}>
            {t('inspector.removeWorkload')}
          </button>
        </div>
      </div>
    </Section>
  );
}

function ParField({
  k,
  value,
  onCommit,
  check,
}: {
  k: ParKey;
  value: number | undefined;
  onCommit(raw: string): string | null;
  check(v: number): string | null;
}) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(null), [value]);
  const commit = () => {
    if (draft === null) return;
    const v = parseNum(draft);
    const err = (v !== undefined ? check(v) : null) ?? onCommit(draft);
    setError(err);
    if (!err) setDraft(null);
  };
  const testId = `workload-${k}`;
  return (
    <>
      <label htmlFor={id}>{k.toUpperCase()}</label>
      <input
        id={id}
        className={`inp${error ? ' invalid' : ''}`}
        data-testid={testId}
        value={draft ?? (value === undefined ? '' : String(value))}
        placeholder={t('inspector.auto')}
        inputMode="numeric"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error && (
        <div id={`${id}-error`} className="field-error" data-testid={`${testId}-error`} role="alert">
          {error}
        </div>
      )}
    </>
  );
}

/** When no layout runs the global batch: the nearest batch sizes that work, one click each. */
function BatchSuggestions({ onPick }: { onPick: (batch: number) => void }) {
  const { t } = useI18n();
  const w = useResults((s) => s.results?.warnings.find((x) => x.code === 'training-batch-infeasible'));
  if (!w?.params) return null;
  const picks = [w.params.below, w.params.above].map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (!picks.length) return null;
  return (
    <div className="field-note" data-testid="batch-suggestions" role="note">
      <span>{t('inspector.batchNoLayout', { batch: String(w.params.batch) })}</span>{' '}
      {picks.map((b) => (
        <button key={b} className="btn small" data-testid={`use-batch-${b}`} onClick={() => onPick(b)}>
          {t('inspector.useBatch', { n: String(b) })}
        </button>
      ))}
    </div>
  );
}

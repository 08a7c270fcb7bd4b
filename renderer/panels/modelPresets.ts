/**
 * Published model architectures offered as workload presets. Each value comes
 * from the model's paper or released config (cited in `source`).
 */
import type { ModelSpec } from '../../core/model/design';

export interface ModelPreset {
  id: string;
  name: string;
  model: Omit<ModelSpec, 'preset' | 'name'>;
  source: string;
}

export const MODEL_PRESETS: ModelPreset[] = [
  {
    id: 'gpt3-175b',
    name: 'GPT-3 175B',
    model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 },
    source: 'Brown et al. 2020, Table 2.1; Narayanan et al. 2021 use vocab 51,200.',
  },
  {
    id: 'llama2-70b',
    name: 'Llama 2 70B',
    model: {
      layers: 80,
      hidden: 8192,
      heads: 64,
      kvHeads: 8,
      ffnHidden: 28672,
      gatedFfn: true,
      vocab: 32000,
      seqLength: 4096,
    },
    source: 'Touvron et al. 2023 (Llama 2), released config.json.',
  },
  {
    id: 'llama3-8b',
    name: 'Llama 3 8B',
    model: {
      layers: 32,
      hidden: 4096,
      heads: 32,
      kvHeads: 8,
      ffnHidden: 14336,
      gatedFfn: true,
      vocab: 128256,
      seqLength: 8192,
    },
    source: 'Meta Llama 3 released config.json (2024).',
  },
  {
    id: 'llama3-70b',
    name: 'Llama 3 70B',
    model: {
      layers: 80,
      hidden: 8192,
      heads: 64,
      kvHeads: 8,
      ffnHidden: 28672,
      gatedFfn: true,
      vocab: 128256,
      seqLength: 8192,
    },
    source: 'Meta Llama 3 released config.json (2024).',
  },
  {
    id: 'llama3-405b',
    name: 'Llama 3.1 405B',
    model: {
      layers: 126,
      hidden: 16384,
      heads: 128,
      kvHeads: 8,
      ffnHidden: 53248,
      gatedFfn: true,
      vocab: 128256,
      seqLength: 8192,
    },
    source: 'Llama Team 2024, "The Llama 3 Herd of Models", Table 3.',
  },
  {
    id: 'mixtral-8x7b',
    name: 'Mixtral 8x7B',
    model: {
      layers: 32,
      hidden: 4096,
      heads: 32,
      kvHeads: 8,
      ffnHidden: 14336,
      gatedFfn: true,
      vocab: 32000,
      seqLength: 4096,
      experts: 8,
      expertsPerToken: 2,
      expertFfnHidden: 14336,
    },
    source: 'Jiang et al. 2024 (Mixtral of Experts), Table 1.',
  },
];

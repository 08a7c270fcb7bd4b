import type { MessageKey, Params } from '../i18n';
import type { Refusal } from '../store/ops';

type T = (key: MessageKey, params?: Params) => string;

/** The user-facing text of a refusal: its translated message plus any raw detail. */
export function refusalText(t: T, r: Refusal): string {
  const main = t(r.key, r.params);
  return r.detail ? `${main}${main.endsWith(' ') || main.endsWith('：') ? '' : ' '}${r.detail}` : main;
}

/**
 * `cwb fabric`: command-line flags to a fabric input, errors mapped back from
 * input paths to the flag that set them.
 */
import { InputError } from '../errors';
import { generateFabric } from './fabric-generate';
import type { FabricInput, FabricResult, SwitchLike } from './fabric-types';

const CLI_FLAGS: Record<string, string> = {
  '--accelerators': 'accelerators',
  '--per-node': 'perNode',
  '--switch': 'switch',
  '--oversubscription': 'oversubscription',
  '--tiers': 'tiers',
  '--gbps': 'nicGbpsPerAccelerator',
  '--planes': 'planes',
  '--rail-optimised': 'railOptimised',
  '--allow-partial-node': 'allowPartialNode',
};
const PATH_TO_FLAG: Record<string, string> = Object.fromEntries(Object.entries(CLI_FLAGS).map(([f, p]) => [p, f]));

function cliNumber(flag: string, raw: string | undefined, integer: boolean): number {
  if (raw === undefined || raw.startsWith('--')) throw new InputError(flag, 'needs a value');
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new InputError(flag, `must be a number (got "${raw}")`);
  if (integer && !Number.isInteger(v)) throw new InputError(flag, `must be an integer (got "${raw}")`);
  return v;
}

/**
 * `cwb fabric --accelerators N --per-node G --switch ID [--oversubscription R]
 * [--tiers 2|3] [--gbps G] [--planes P] [--rail-optimised true|false]`.
 * The per-accelerator scale-out bandwidth defaults to the switch port speed.
 * Returns the JSON-serialisable fabric result; errors are InputError naming the flag.
 */
export function fabricCli(
  argv: string[],
  lookupSwitch: (id: string) => SwitchLike | undefined,
  listSwitchIds: () => string[],
): FabricResult {
  const values = new Map<string, string | undefined>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!(flag in CLI_FLAGS)) {
      throw new InputError(flag || 'argv', `unknown argument; expected ${Object.keys(CLI_FLAGS).join(', ')}`);
    }
    if (eq > 0) values.set(flag, arg.slice(eq + 1));
    else if (flag === '--allow-partial-node') values.set(flag, 'true');
    else {
      values.set(flag, argv[i + 1]);
      i++;
    }
  }
  const need = (flag: string): string | undefined => {
    if (!values.has(flag)) throw new InputError(flag, 'is required');
    return values.get(flag);
  };
  const accelerators = cliNumber('--accelerators', need('--accelerators'), true);
  const perNode = cliNumber('--per-node', need('--per-node'), true);
  const id = need('--switch');
  if (id === undefined || id.startsWith('--')) throw new InputError('--switch', 'needs a switch id');
  const sw = lookupSwitch(id);
  if (!sw) throw new InputError('--switch', `unknown switch "${id}"; known: ${listSwitchIds().join(', ')}`);
  const input: FabricInput = { accelerators, perNode, switch: sw, nicGbpsPerAccelerator: sw.portGbps };
  if (values.has('--oversubscription')) input.oversubscription = cliNumber('--oversubscription', values.get('--oversubscription'), false);
  if (values.has('--tiers')) {
    const t = cliNumber('--tiers', values.get('--tiers'), true);
    if (t !== 2 && t !== 3) throw new InputError('--tiers', `must be 2 or 3 (got ${t})`);
    input.tiers = t;
  }
  if (values.has('--gbps')) input.nicGbpsPerAccelerator = cliNumber('--gbps', values.get('--gbps'), false);
  if (values.has('--planes')) input.planes = cliNumber('--planes', values.get('--planes'), true);
  if (values.has('--rail-optimised')) {
    const v = values.get('--rail-optimised');
    if (v !== 'true' && v !== 'false') throw new InputError('--rail-optimised', `must be true or false (got "${String(v)}")`);
    input.railOptimised = v === 'true';
  }
  if (values.has('--allow-partial-node')) input.allowPartialNode = values.get('--allow-partial-node') !== 'false';
  try {
    return generateFabric(input);
  } catch (e) {
    if (e instanceof InputError) {
      const head = e.path.split('.')[0] ?? '';
      const flag = PATH_TO_FLAG[head];
      if (flag && head !== 'switch') {
        throw new InputError(flag, e.message.slice(e.path.length + 2));
      }
      if (head === 'switch') throw new InputError(`--switch ${id}${e.path.slice('switch'.length)}`, e.message.slice(e.path.length + 2));
    }
    throw e;
  }
}

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
  '--nic-ports': 'nicPorts',
  '--rail-only': 'railOnly',
  '--front-end-ports': 'frontEnd.portsPerNode',
  '--front-end-gbps': 'frontEnd.portGbps',
  '--front-end-switch': 'frontEnd.switch',
  '--front-end-oversubscription': 'frontEnd.oversubscription',
};
/** Flags that take no value. */
const SWITCHES = new Set(['--allow-partial-node', '--rail-only']);
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
 * [--tiers 2|3] [--gbps G] [--planes P] [--nic-ports N] [--rail-only]
 * [--rail-optimised true|false] [--allow-partial-node]
 * [--front-end-ports N --front-end-gbps G [--front-end-switch ID] [--front-end-oversubscription R]]`.
 * The per-accelerator scale-out bandwidth defaults to the switch port speed; the
 * front-end switch to the fabric switch.
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
    else if (SWITCHES.has(flag)) values.set(flag, 'true');
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
  if (values.has('--nic-ports')) input.nicPorts = cliNumber('--nic-ports', values.get('--nic-ports'), true);
  if (values.has('--rail-only')) input.railOnly = values.get('--rail-only') !== 'false';
  const fePorts = values.has('--front-end-ports');
  const feOther = ['--front-end-gbps', '--front-end-switch', '--front-end-oversubscription'].find((f) => values.has(f));
  if (feOther && !fePorts) throw new InputError('--front-end-ports', `is required with ${feOther}`);
  let feId = id;
  if (fePorts) {
    if (!values.has('--front-end-gbps')) throw new InputError('--front-end-gbps', 'is required with --front-end-ports');
    feId = values.get('--front-end-switch') ?? id;
    if (feId.startsWith('--')) throw new InputError('--front-end-switch', 'needs a switch id');
    const fsw = lookupSwitch(feId);
    if (!fsw) throw new InputError('--front-end-switch', `unknown switch "${feId}"; known: ${listSwitchIds().join(', ')}`);
    input.frontEnd = {
      portsPerNode: cliNumber('--front-end-ports', values.get('--front-end-ports'), true),
      portGbps: cliNumber('--front-end-gbps', values.get('--front-end-gbps'), false),
      switch: fsw,
      ...(values.has('--front-end-oversubscription') ? { oversubscription: cliNumber('--front-end-oversubscription', values.get('--front-end-oversubscription'), false) } : {}),
    };
  }
  try {
    return generateFabric(input);
  } catch (e) {
    if (e instanceof InputError) {
      const rest = e.message.slice(e.path.length + 2);
      if (e.path.startsWith('frontEnd.switch')) throw new InputError(`--front-end-switch ${feId}${e.path.slice('frontEnd.switch'.length)}`, rest);
      if (e.path.startsWith('frontEnd.') && !(e.path in PATH_TO_FLAG)) {
        // An error inside the front-end network's sizing: name the front-end flags.
        throw new InputError('--front-end-ports', `${e.path.slice('frontEnd.'.length)}: ${rest}`);
      }
      const head = e.path in PATH_TO_FLAG ? e.path : (e.path.split('.')[0] ?? '');
      const flag = PATH_TO_FLAG[head];
      if (flag && head !== 'switch') throw new InputError(flag, rest);
      if (head === 'switch') throw new InputError(`--switch ${id}${e.path.slice('switch'.length)}`, rest);
    }
    throw e;
  }
}

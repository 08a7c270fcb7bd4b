/**
 * The bounds of a fabric's inputs (core/model/bounds.ts), checked before any
 * sizing so that every port split and loop of the generator works on sane,
 * finite numbers. Paths are those of FabricInput (the CLI maps them to flags).
 */
import { InputError } from '../errors';
import { BOUNDS, boundProblem, type Bound } from '../model/bounds';
import type { FabricInput, SwitchLike } from './fabric-types';

function check(path: string, bound: Bound, v: unknown): void {
  if (v === undefined) return;
  const problem = boundProblem(bound, v);
  if (problem) throw new InputError(path, problem);
}

function checkSwitch(path: string, s: SwitchLike | undefined): void {
  if (!s || typeof s !== 'object') return;
  check(`${path}.ports`, BOUNDS.switchPorts, s.ports);
  check(`${path}.portGbps`, BOUNDS.linkGbps, s.portGbps);
}

/** Throws InputError naming the field of the first number outside its bound. */
export function checkFabricBounds(input: FabricInput): void {
  if (!input || typeof input !== 'object') return;
  check('accelerators', BOUNDS.accelerators, input.accelerators);
  check('perNode', BOUNDS.perNode, input.perNode);
  check('nicGbpsPerAccelerator', BOUNDS.linkGbps, input.nicGbpsPerAccelerator);
  check('planes', BOUNDS.planes, input.planes);
  check('nicPorts', BOUNDS.nicCount, input.nicPorts);
  const os = input.oversubscription;
  if (typeof os === 'object' && os !== null) {
    check('oversubscription.leaf', BOUNDS.oversubscription, os.leaf);
    check('oversubscription.spine', BOUNDS.oversubscription, os.spine);
  } else check('oversubscription', BOUNDS.oversubscription, os);
  checkSwitch('switch', input.switch);
  checkSwitch('switches.leaf', input.switches?.leaf);
  checkSwitch('switches.spine', input.switches?.spine);
  checkSwitch('switches.core', input.switches?.core);
  const fe = input.frontEnd;
  if (fe && typeof fe === 'object') {
    check('frontEnd.portsPerNode', BOUNDS.nicCount, fe.portsPerNode);
    check('frontEnd.portGbps', BOUNDS.linkGbps, fe.portGbps);
    check('frontEnd.oversubscription', BOUNDS.oversubscription, fe.oversubscription);
    checkSwitch('frontEnd.switch', fe.switch);
  }
}

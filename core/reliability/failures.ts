/**
 * Failures of a job: each component kind's count x per-device rate, the job
 * failure rate (sum) and MTBF (its inverse), and the share of failures that
 * take a node out.
 */
import { InputError } from '../errors';
import type { ReliabilityAssumptionValues } from './assumptions';
import { HOURS_PER_DAY } from './formulas';
import type { ComponentFailures, ComponentKind } from './types';

const COMPONENT_LABELS: Record<ComponentKind, string> = {
  accelerator: 'Accelerator',
  hbm: 'HBM',
  nic: 'NIC',
  switch: 'Switch',
  link: 'Optics/cable',
  host: 'Host (CPU/memory/PSU/board)',
  software: 'Software/driver',
};

export function componentFailures(n: {
  accelerators: number;
  nodes: number;
  nics: number;
  switches: number;
  links: number;
  a: ReliabilityAssumptionValues;
}): ComponentFailures[] {
  const rows: [ComponentKind, number, number, boolean][] = [
    ['accelerator', n.accelerators, n.a.acceleratorFailuresPerHour, true],
    ['hbm', n.accelerators, n.a.hbmFailuresPerHour, true],
    ['nic', n.nics, n.a.nicFailuresPerHour, true],
    ['switch', n.switches, n.a.switchFailuresPerHour, false],
    ['link', n.links, n.a.linkFailuresPerHour, false],
    ['host', n.nodes, n.a.hostFailuresPerHour, true],
    ['software', n.nodes, n.a.softwareFailuresPerHour, false],
  ];
  const total = rows.reduce((s, [, count, rate]) => s + count * rate, 0);
  return rows.map(([component, count, rate, nodeLevel]) => {
    const job = count * rate;
    return {
      component,
      label: COMPONENT_LABELS[component],
      count,
      ratePerDeviceHour: rate,
      jobFailuresPerHour: job,
      interruptionsPerDay: job * HOURS_PER_DAY,
      share: total > 0 ? job / total : 0,
      nodeLevel,
    };
  });
}

export interface FailureRates {
  components: ComponentFailures[];
  /** Job interruptions per hour. */
  lambdaPerH: number;
  mtbfHours: number;
  mtbfS: number;
  /** Interruptions per hour that take a node out. */
  nodeLevelPerH: number;
  nodeLevelShare: number;
}

/** The job's failure rate and MTBF; throws when every rate is zero. */
export function failureRates(n: Parameters<typeof componentFailures>[0]): FailureRates {
  const components = componentFailures(n);
  const lambdaPerH = components.reduce((s, c) => s + c.jobFailuresPerHour, 0);
  if (!(lambdaPerH > 0))
    throw new InputError('assumptions', 'every failure rate is zero, so the MTBF would be infinite; give at least one rate > 0');
  const mtbfHours = 1 / lambdaPerH;
  const mtbfS = mtbfHours * 3600;
  const nodeLevelPerH = components.filter((c) => c.nodeLevel).reduce((s, c) => s + c.jobFailuresPerHour, 0);
  const nodeLevelShare = nodeLevelPerH / lambdaPerH;
  return { components, lambdaPerH, mtbfHours, mtbfS, nodeLevelPerH, nodeLevelShare };
}

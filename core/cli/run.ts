/**
 * The `cwb` commands behind one entry point, usable in-process (tests) and from
 * main.ts. Prints one JSON document on stdout; on bad input returns 2 after one
 * line on stderr naming the field, with nothing on stdout. An engine defect (a
 * non-finite result) is one named line and exit code 1, never null or NaN.
 */
import { DEFAULT_CATALOG } from '../catalog';
import { EngineError, InputError } from '../errors';
import { assertFinite } from '../finite';
import { fabricCli } from '../network';
import { runEstimate, runEvaluate } from './commands';
import { runPlan } from './plan';
import { runReport } from './report';

export const USAGE = `usage: cwb <command> [args]
  estimate SCENARIO [--timeline]         training estimate of a scenario file (--timeline: with the simulated step)
  evaluate SCENARIO|DESIGN               the whole design: power, PUE, cost, inventory, warnings, training
  fabric --accelerators N --per-node G --switch ID [--oversubscription R] [--tiers 2|3] [--planes P] [--nic-ports N]
         [--rail-only] [--front-end-ports N --front-end-gbps G [--front-end-switch ID]]
  report SCENARIO|DESIGN --format pdf|html|md|csv|xlsx|json -o OUT [--lang en|zh-CN]
  plan REQUIREMENTS                      ranked candidate designs under constraints`;

type Command = (argv: string[]) => Promise<unknown> | unknown;

const COMMANDS: Record<string, Command> = {
  estimate: (argv) => runEstimate(argv),
  evaluate: (argv) => runEvaluate(argv),
  fabric: (argv) =>
    fabricCli(
      argv,
      (id) => DEFAULT_CATALOG.switches().find((s) => s.id === id),
      () => DEFAULT_CATALOG.switches().map((s) => s.id),
    ),
  report: (argv) => runReport(argv),
  plan: (argv) => runPlan(argv),
};

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: Record<string, string | undefined>;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** Run one command; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`command: unknown command "${name}" (use ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  try {
    const out = assertFinite(await command(rest));
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`${oneLine(e.message)}\n`);
      return 2;
    }
    if (e instanceof EngineError) {
      io.stderr(`engine error (${e.code}): ${oneLine(e.message)}\n`);
      return 1;
    }
    const detail = io.env?.CWB_DEBUG && e instanceof Error && e.stack ? ` ${oneLine(e.stack)}` : '';
    io.stderr(`internal error: ${oneLine(e instanceof Error ? e.message : String(e))}${detail}\n`);
    return 1;
  }
}

/**
 * `cwb`: the engine on the command line. Prints one JSON document on stdout;
 * on bad input exits 2 with a one-line error naming the field, and nothing on stdout.
 */
import { InputError } from '../errors';
import { DEFAULT_CATALOG } from '../catalog';
import { fabricCli } from '../network';
import { runEstimate, runEvaluate } from './commands';
import { runPlan } from './plan';
import { runReport } from './report';

const USAGE = `usage: cwb <command> [args]
  estimate SCENARIO                      training estimate of a scenario file
  evaluate SCENARIO|DESIGN               the whole design: power, PUE, cost, inventory, warnings, training
  fabric --accelerators N --per-node G --switch ID [--oversubscription R] [--tiers 2|3]
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

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`command: unknown command "${name}" (use ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  try {
    const out = await command(rest);
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

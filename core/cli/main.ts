/**
 * `cwb`: the engine on the command line (see run.ts). Prints one JSON document
 * on stdout; on bad input exits 2 with a one-line error naming the field, and
 * nothing on stdout.
 */
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
});

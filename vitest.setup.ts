/**
 * Property tests run from a fixed seed so CI is repeatable; set FC_SEED to another
 * number (or `random`) to explore further.
 */
import fc from 'fast-check';

const raw = process.env.FC_SEED;
if (raw !== 'random') fc.configureGlobal({ seed: raw ? Number(raw) : 20261127 });

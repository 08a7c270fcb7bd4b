/**
 * The desktop package configuration (electron-builder.yml): valid for the
 * installed electron-builder, with the Electron fuses that close the ways to run
 * other code in the app's process (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect,
 * an app folder beside the archive) and with asar integrity checked.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
// electron-builder's own YAML reader and schema check (dependencies of electron-builder).
const yaml = require('js-yaml') as { load(text: string): Record<string, unknown> };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check is real: a misspelt fuse is refused.
    const bad = { ...config, electronFuses: { ...(config.electronFuses as object), runAsNodee: false } };
    await expect(validateConfiguration(bad, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('flips the fuses: no run-as-node, no NODE_OPTIONS, no inspector, asar only and integrity-checked', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});

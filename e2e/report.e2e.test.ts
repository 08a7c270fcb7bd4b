/**
 * The `report` command through the real entry point (`npm run --silent cwb -- report ...`):
 * exit codes, stdout/stderr contract, and a PDF printed by Chromium.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDesign } from '../core/report/sample-design.fixture';

const ROOT = resolve(__dirname, '..');
let dir: string;

function cwb(...args: string[]) {
  const r = spawnSync('npm', ['run', '--silent', 'cwb', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-report-e2e-'));
  writeFileSync(join(dir, 'pod.cwb.json'), JSON.stringify(sampleDesign()));
  writeFileSync(
    join(dir, 'scenario.json'),
    JSON.stringify({
      name: 'GPT-3 175B on 1024 A100',
      model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 },
      training: { tokens: 3e11, globalBatch: 1536, parallelism: { tp: 8, pp: 8 } },
      cluster: { accelerator: 'a100-sxm4-80gb', count: 1024 },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cwb report', () => {
  it('writes a Markdown report of a scenario and prints {output, format, bytes}', () => {
    const out = join(dir, 'scenario.md');
    const r = cwb('report', join(dir, 'scenario.json'), '--format', 'md', '-o', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { output: string; format: string; bytes: number };
    expect(printed).toEqual({ output: out, format: 'md', bytes: readFileSync(out).length });
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('## Training estimate');
    expect(md).toContain('TP 8 · PP 8 · DP 16'); // 1024 / (8 x 8) = 16
  });

  it('exits 2 with one line naming the field for bad input, and prints nothing on stdout', () => {
    const cases: Array<[string[], string]> = [
      [
        ['report', join(dir, 'pod.cwb.json'), '--format', 'docx', '-o', join(dir, 'x.docx')],
        '--format: unknown format "docx" (use pdf, html, md, csv, xlsx or json)\n',
      ],
      [
        ['report', join(dir, 'pod.cwb.json'), '--format', 'pdf', '-o', '/root/x/y.pdf'],
        '-o: cannot write /root/x/y.pdf: no such directory\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = cwb(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(stderr);
    }
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('prints a PDF with Chromium and reports its pages', () => {
    const out = join(dir, 'pod.pdf');
    const r = cwb('report', join(dir, 'pod.cwb.json'), '--format', 'pdf', '-o', out, '--lang', 'zh-CN');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { pages: number; bytes: number };
    expect(printed.pages).toBeGreaterThanOrEqual(7);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

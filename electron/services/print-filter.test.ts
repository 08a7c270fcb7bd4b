import { describe, expect, it } from 'vitest';
import { PrintRequestFilter } from './print-filter';

describe('PDF print request filter', () => {
  it('allows each running print its own file, whatever the order prints start and end in', () => {
    const f = new PrintRequestFilter();
    const a = 'file:///tmp/cwb-print-a/report.html';
    const b = 'file:///tmp/cwb-print-b/report.html';
    const releaseA = f.allow(a);
    const releaseB = f.allow(b); // a second export starts while the first prints
    expect(f.refuses(a)).toBe(false);
    expect(f.refuses(b)).toBe(false);
    releaseB(); // ... and ends first
    expect(f.refuses(a)).toBe(false);
    expect(f.refuses(b)).toBe(true);
    releaseA();
    releaseA(); // releasing twice changes nothing
    expect(f.refuses(a)).toBe(true);
    expect(f.active).toBe(0);
  });

  it('refuses everything else and allows data: URLs', () => {
    const f = new PrintRequestFilter();
    f.allow('file:///tmp/x/report.html');
    expect(f.refuses('https://example.com/font.woff2')).toBe(true);
    expect(f.refuses('file:///etc/passwd')).toBe(true);
    expect(f.refuses('data:image/png;base64,AAAA')).toBe(false);
  });

  it('counts the same URL printed twice at once', () => {
    const f = new PrintRequestFilter();
    const u = 'file:///tmp/x/report.html';
    const r1 = f.allow(u);
    const r2 = f.allow(u);
    r1();
    expect(f.refuses(u)).toBe(false);
    r2();
    expect(f.refuses(u)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { zoomWindow } from './TimelineChart';

describe('timeline zoom', () => {
  it('zooms around the time under the cursor and stays inside the step', () => {
    // [0, 100] zoomed in 2x around 25: 25 stays where it was (a quarter across): [12.5, 62.5]
    expect(zoomWindow({ startS: 0, endS: 100 }, 0.5, 25, 100)).toEqual({ startS: 12.5, endS: 62.5 });
    // zooming out past the whole step gives the whole step
    expect(zoomWindow({ startS: 40, endS: 60 }, 10, 50, 100)).toEqual({ startS: 0, endS: 100 });
    // near the end the window is pushed back inside: [80, 100] x1.5 around 95 -> span 30 ending at 100
    expect(zoomWindow({ startS: 80, endS: 100 }, 1.5, 95, 100)).toEqual({ startS: 70, endS: 100 });
  });
});

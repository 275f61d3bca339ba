import { describe, expect, it } from 'vitest';
import { parseStroke, strokeToPath, strokesFromPad } from './signature';

describe('signature strokes', () => {
  it('scales canvas points into the 1000 × 400 box as integer "x,y" pairs', () => {
    const groups = [{ points: [{ x: 0, y: 0 }, { x: 250, y: 100 }, { x: 500.4, y: 199.8 }] }];
    expect(strokesFromPad(groups, 500, 200)).toEqual(['0,0 500,200 1000,400']);
  });

  it('works on a canvas of another size with the same 2.5:1 shape', () => {
    const groups = [{ points: [{ x: 12.3, y: 45.6 }, { x: 700, y: 280 }] }];
    expect(strokesFromPad(groups, 700, 280)).toEqual(['18,65 1000,400']);
  });

  it('clamps points outside the box, drops repeats and empty strokes', () => {
    const groups = [
      { points: [{ x: -5, y: -5 }, { x: -4, y: -4 }, { x: 120, y: 60 }] },
      { points: [] },
      { points: [{ x: 50, y: 20 }] },
    ];
    expect(strokesFromPad(groups, 100, 40)).toEqual(['0,0 1000,400', '500,200']);
  });

  it('gives nothing for a canvas with no size', () => {
    expect(strokesFromPad([{ points: [{ x: 1, y: 1 }] }], 0, 0)).toEqual([]);
  });

  it('reads stored strokes back into SVG paths', () => {
    expect(parseStroke('1,2 3,4')).toEqual([{ x: 1, y: 2 }, { x: 3, y: 4 }]);
    expect(strokeToPath('1,2 3,4 5,6')).toBe('M1 2 L3 4 L5 6');
    expect(strokeToPath('7,8')).toBe('M7 8 l0.1 0');
    expect(strokeToPath('')).toBe('');
  });

  it('round-trips every point of the stored format', () => {
    const s = '0,0 999,399 1000,400';
    expect(strokesFromPad([{ points: parseStroke(s) }], 1000, 400)).toEqual([s]);
  });
});

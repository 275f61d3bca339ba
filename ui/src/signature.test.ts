import { describe, expect, it } from 'vitest';
import { inkProblem, measureInk, parseStroke, strokeToPath, strokesFromPad } from './signature';

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

describe('capture, encode, decode (issue 10: the stored signature lost each stroke’s end)', () => {
  // What the pad captures on a 500 × 200 CSS-pixel pad: pen down, moves, pen up
  // (the pen-up position is the stroke's last point), then a tap.
  const captured = [
    { points: [{ x: 50, y: 150 }, { x: 80, y: 60 }, { x: 100, y: 150 }, { x: 120, y: 70 }, { x: 141, y: 148 }] },
    { points: [{ x: 160, y: 80 }, { x: 210, y: 80 }, { x: 190, y: 160 }] },
    { points: [{ x: 350, y: 50 }] },
  ];
  const inBox = captured.map((g) => g.points.map((p) => ({ x: p.x * 2, y: p.y * 2 })));

  it('stores every captured point, the last of each stroke included', () => {
    const stored = strokesFromPad(captured, 500, 200);
    expect(stored.map(parseStroke)).toEqual(inBox);
    expect(stored[0].endsWith('282,296')).toBe(true);
  });

  it('draws the stored strokes through every point to the end, a tap as a dot', () => {
    const paths = strokesFromPad(captured, 500, 200).map(strokeToPath);
    expect(paths[0]).toBe('M100 300 L160 120 L200 300 L240 140 L282 296');
    expect(paths[1]).toBe('M320 160 L420 160 L380 320');
    expect(paths[2]).toBe('M700 100 l0.1 0');
  });
});

describe('ink (core rules::ink, run live on the sign-off screen)', () => {
  const rule = { min_length: 400, min_width: 150, min_height: 40 };

  it('measures length and extent in box units', () => {
    expect(measureInk(['0,0 3,4', '10,0'])).toEqual({ length: 5, width: 10, height: 4 });
    expect(measureInk([])).toEqual({ length: 0, width: 0, height: 0 });
  });

  it('refuses nothing, a tap and a short scribble; accepts a real signature', () => {
    expect(inkProblem([], rule)).toBe('empty');
    expect(inkProblem(['500,200'], rule)).toBe('short');
    expect(inkProblem(['400,200 430,215 410,230 445,240'], rule)).toBe('short');
    expect(inkProblem(['100,200 900,205'], rule)).toBe('short');
    expect(inkProblem([
      '120,300 160,120 200,300 240,140 280,290',
      '320,160 420,160 380,320',
      '460,130 520,300 600,150 640,280',
    ], rule)).toBeNull();
  });
});

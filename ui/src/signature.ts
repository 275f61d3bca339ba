/**
 * Signature strokes: the pad's point groups (CSS pixels on a pad of any
 * size) to the stored form — one string per stroke, `"x,y x,y …"`, integer
 * points in a 1000 × 400 box — and back to SVG paths for display; and the
 * ink rule (core's `rules::ink`) run live on the sign-off screen.
 *
 * The pad, the stored signature (SignatureView) and the printed record all
 * draw the same thing: straight segments through every stored point, the
 * last one included. (signature_pad drew smoothed curves that stopped one
 * point short of each stroke's end and dropped points closer than 5 px, so
 * what the customer saw was not what was stored; see docs/decisions.md.)
 */
import type { InkRule } from './bindings/InkRule';
export const BOX_W = 1000;
export const BOX_H = 400;

export interface PadPoint { x: number; y: number }
export interface PadGroup { points: PadPoint[] }

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Serialise the pad's point groups for a pad `width × height` CSS pixels. */
export function strokesFromPad(groups: PadGroup[], width: number, height: number): string[] {
  if (width <= 0 || height <= 0) return [];
  const sx = BOX_W / width;
  const sy = BOX_H / height;
  const out: string[] = [];
  for (const g of groups) {
    const pts: string[] = [];
    let last = '';
    for (const p of g.points) {
      const x = clamp(Math.round(p.x * sx), 0, BOX_W);
      const y = clamp(Math.round(p.y * sy), 0, BOX_H);
      const s = `${x},${y}`;
      if (s !== last) pts.push(s);
      last = s;
    }
    if (pts.length > 0) out.push(pts.join(' '));
  }
  return out;
}

/** Parse one stored stroke into points; malformed pairs are skipped. */
export function parseStroke(stroke: string): PadPoint[] {
  const pts: PadPoint[] = [];
  for (const pair of stroke.trim().split(/\s+/)) {
    const [xs, ys] = pair.split(',');
    const x = Number(xs);
    const y = Number(ys);
    if (pair && Number.isFinite(x) && Number.isFinite(y)) pts.push({ x, y });
  }
  return pts;
}

/** An SVG path (viewBox 0 0 1000 400) for a stored stroke; a single point becomes a dot. */
export function strokeToPath(stroke: string): string {
  const pts = parseStroke(stroke);
  if (pts.length === 0) return '';
  const [first, ...rest] = pts;
  if (rest.length === 0) return `M${first.x} ${first.y} l0.1 0`;
  return `M${first.x} ${first.y} ` + rest.map((p) => `L${p.x} ${p.y}`).join(' ');
}

/** What a signature measures, in box units (core's `rules::ink::measure`). */
export interface Ink { length: number; width: number; height: number }

export function measureInk(strokes: string[]): Ink {
  let length = 0;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of strokes) {
    const pts = parseStroke(s);
    for (let i = 1; i < pts.length; i++) length += Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
    for (const p of pts) { x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y); }
  }
  return x0 === Infinity ? { length, width: 0, height: 0 } : { length, width: x1 - x0, height: y1 - y0 };
}

/** Core's ink check: `'empty'`, `'short'`, or null when the ink suffices. */
export function inkProblem(strokes: string[], rule: InkRule): 'empty' | 'short' | null {
  if (strokes.every((s) => parseStroke(s).length === 0)) return 'empty';
  const ink = measureInk(strokes);
  return ink.length >= rule.min_length && ink.width >= rule.min_width && ink.height >= rule.min_height ? null : 'short';
}

/**
 * Signature strokes: signature_pad's point groups (CSS pixels on a canvas of
 * any size) to the stored form — one string per stroke, `"x,y x,y …"`,
 * integer points in a 1000 × 400 box — and back to SVG paths for display.
 */
export const BOX_W = 1000;
export const BOX_H = 400;

export interface PadPoint { x: number; y: number }
export interface PadGroup { points: PadPoint[] }

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Serialise signature_pad's `toData()` for a canvas `width × height` CSS pixels. */
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

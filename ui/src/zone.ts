/**
 * Times typed in the company's time zone (Asia/Shanghai unless the company
 * config says otherwise, `session.timeZone`), whatever zone the machine is
 * set to. A form holds a "wall time" — `2026-03-05T09:30` (date-time) or
 * `2026-03-05` (date) as a clock in the company's office reads it — and
 * converts it to a UTC instant only when sent. Pure functions; the picker
 * (components/DateTimeField.vue) edits wall times and never converts.
 */
/** The zone when the session names none. */
export const DEFAULT_ZONE = 'Asia/Shanghai';

/** The wall-time fields of `ms` in `zone`. */
function partsIn(ms: number, zone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(ms))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** How far `zone` is ahead of UTC at instant `ms`, in milliseconds. */
function offsetAt(ms: number, zone: string): number {
  const p = partsIn(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day of instant `ms` in `zone`: `2026-03-05`. Built from the parts, not
 * from an `en-CA` format: WebKitGTK's ICU words `en-CA` dates differently
 * (the reports screen sent a period of `null` years in the real window).
 */
export function dayIn(ms: number, zone: string): string {
  const p = partsIn(ms, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Instant `ms` as a wall time in `zone`: `2026-03-05T09:30`. */
export function wallTime(ms: number, zone: string): string {
  const p = partsIn(ms, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** A wall time (`2026-03-05T09:30`, or a date `2026-03-05` = its midnight) in `zone` as a UTC ISO instant; null when empty or malformed. */
export function wallToIso(wall: string, zone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(wall.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0'] = m;
  const asUtc = Date.UTC(+y, +mo - 1, +d, +h, +mi);
  // The offset at the guess, then at the result (right across a DST change).
  let ms = asUtc - offsetAt(asUtc, zone);
  ms = asUtc - offsetAt(ms, zone);
  return new Date(ms).toISOString();
}

/** A UTC ISO instant as a wall time in `zone`; '' when empty. */
export function isoToWall(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : wallTime(ms, zone);
}

/** The zone a session names, or the default (`store.companyZone` follows the signed-in session). */
export function companyZoneOf(s: { timeZone?: string | null } | null): string {
  return s?.timeZone || DEFAULT_ZONE;
}

/** Calendar day `day` (`YYYY-MM-DD`) plus `months` months, month ends clamped (31 Jan + 1 = 28/29 Feb), as core's chrono month arithmetic. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The office's reports 报表 (issue 16), the pure part: the period chooser's
 * arithmetic (a kind and an anchor day; previous / next move the anchor by
 * one period), a cell in words, what a click on a row or cell lists, and the
 * sections in the order the screen shows them. Core words the tables
 * (titles, column labels, row names); the UI formats the numbers.
 */
import { addMonths, dayIn } from './zone';
import type { Cell, Drill, PeriodSpec, Row, Table } from './types';
import { formatMoney } from './format';

/** The sections, in the screen's order (a table's `section`). */
export const SECTIONS = ['sla', 'filing', 'complaints', 'satisfaction', 'charges', 'parts'] as const;
export type Section = (typeof SECTIONS)[number];

export type PeriodKind = PeriodSpec['kind'];
export const PERIOD_KINDS: PeriodKind[] = ['month', 'quarter', 'year', 'dates'];

const pad = (n: number) => String(n).padStart(2, '0');

/** Today (`YYYY-MM-DD`) in `zone`. */
export function todayIn(zone: string, ms = Date.now()): string {
  return dayIn(ms, zone);
}

/** The period of `kind` that holds day `anchor`; `dates` is the month of the anchor until the user types days. */
export function periodOf(kind: PeriodKind, anchor: string): PeriodSpec {
  const [year, month] = anchor.split('-').map(Number);
  switch (kind) {
    case 'month': return { kind, year, month };
    case 'quarter': return { kind, year, quarter: Math.floor((month - 1) / 3) + 1 };
    case 'year': return { kind, year };
    case 'dates': {
      const [from, to] = bounds({ kind: 'month', year, month });
      return { kind, from, to };
    }
  }
}

/** First and last day of a period (both included). */
export function bounds(p: PeriodSpec): [string, string] {
  const first = (y: number, m: number) => `${String(y).padStart(4, '0')}-${pad(m)}-01`;
  const lastOf = (y: number, m: number, months: number) => {
    const next = addMonths(first(y, m), months);
    const d = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  switch (p.kind) {
    case 'month': return [first(p.year, p.month), lastOf(p.year, p.month, 1)];
    case 'quarter': return [first(p.year, p.quarter * 3 - 2), lastOf(p.year, p.quarter * 3 - 2, 3)];
    case 'year': return [first(p.year, 1), lastOf(p.year, 1, 12)];
    case 'dates': return [p.from, p.to];
  }
}

/** The anchor one period earlier (`delta` −1) or later (+1); for dates, the span's length in days. */
export function shiftAnchor(p: PeriodSpec, anchor: string, delta: number): string {
  switch (p.kind) {
    case 'month': return addMonths(anchor, delta);
    case 'quarter': return addMonths(anchor, 3 * delta);
    case 'year': return addMonths(anchor, 12 * delta);
    case 'dates': return anchor;
  }
}

/** A dates period moved by its own length (previous / next span of the same number of days). */
export function shiftDates(from: string, to: string, delta: number): { from: string; to: string } {
  const day = 86_400_000;
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  const len = Math.round((b - a) / day) + 1;
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: at(a + delta * len * day), to: at(b + delta * len * day) };
}

/** A `YYYY-MM-DD` that is a real day. */
export function isDay(d: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
}

/** The subset of vue-i18n's `t` used here. */
type Translate = (key: string, named?: Record<string, unknown>) => string;

/** Minutes as a duration: `1 h 05 min` / `1小时05分`; under an hour `45 min` / `45分`. */
export function formatMinutes(t: Translate, minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  const mm = m % 60;
  return h === 0 ? t('st.minutes', { m: mm }) : t('st.hoursMinutes', { h, m: pad(mm) });
}

/** A share 0–1 as `12.5%`. */
export function formatShare(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

/** A whole number with thousands grouped (`1,234`). */
export function formatInt(v: number): string {
  return String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One cell in words: Fen as ¥1,234.50, Share as 12.5%, Minutes as a duration, Decimal with 2 decimals, Empty as —. */
export function formatCell(t: Translate, c: Cell): string {
  switch (c.t) {
    case 'text': return c.v;
    case 'int': return formatInt(c.v);
    case 'fen': return formatMoney(c.v);
    case 'minutes': return formatMinutes(t, c.v);
    case 'share': return formatShare(c.v);
    case 'decimal': return c.v.toFixed(2);
    case 'empty': return '—';
  }
}

/** A cell as a number for a chart (yuan for money; null: no value). */
export function cellValue(c: Cell | undefined): number | null {
  if (!c) return null;
  switch (c.t) {
    case 'int': case 'minutes': case 'share': case 'decimal': return c.v;
    case 'fen': return c.v / 100;
    case 'text': {
      const n = Number(c.v);
      return c.v.trim() !== '' && Number.isFinite(n) ? n : null;
    }
    case 'empty': return null;
  }
}

/** What a click on cell `i` of a row lists: the cell's own drill, else the row's; null: nothing behind it. */
export function drillOf(row: Row, i: number | null): Drill | null {
  return (i === null ? null : row.cell_drills[i]) ?? row.drill ?? null;
}

/** A table's numeric value at cell `i` of `row`, as the drill list's count should equal it (Int cells only). */
export function countOf(row: Row, i: number): number | null {
  const c = row.cells[i];
  return c && c.t === 'int' ? c.v : null;
}

/** The tables of a section, in the report's order. */
export function tablesOf(tables: Table[], section: string): Table[] {
  return tables.filter((x) => x.section === section);
}

/** The rows a chart draws: every row but the total. */
export function chartRows(table: Table): Row[] {
  return table.rows.filter((r) => !r.total);
}

/** Two drills are the same selector (as JSON, keys in any order). */
export function sameDrill(a: Drill | null, b: Drill | null): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with object keys sorted, so two equal values compare equal as strings. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as Record<string, unknown>).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The colour of a series by its column key (met green, breached red, running amber, …); null: the palette's. */
export function seriesColour(key: string): string | null {
  const colours: Record<string, string> = {
    met: '#2e7d32', on_time: '#2e7d32',
    breached: '#c62828', late: '#ef6c00', overdue: '#c62828',
    running: '#f9a825', not_yet_filed: '#90a4ae',
  };
  return colours[key] ?? null;
}

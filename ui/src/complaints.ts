/**
 * The complaint tables, generated from core (core/src/complaints/tables.rs):
 * the classes, the four steps in order, the stages a complaint waits at, the
 * report states, and the report's due day and hour.
 * `src/bindings/complaint-tables.json` is written by the same run that
 * generates the types (`cargo test -p onsite-core --lib export_bindings`).
 * Never write these lists by hand in the UI or in the fake backend.
 */
import raw from './bindings/complaint-tables.json';
import type { ComplaintTables } from './bindings/ComplaintTables';

export const complaintTables = raw as ComplaintTables;

/** `YYYY-MM` of a report's month. */
export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The month before or after (`delta` months). */
export function shiftMonth(year: number, month: number, delta: number): { year: number; month: number } {
  const i = year * 12 + (month - 1) + delta;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/** A complaint rate (a fraction) as a percentage with one decimal: `7.5%`. */
export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

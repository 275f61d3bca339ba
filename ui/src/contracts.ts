/**
 * Maintenance contracts' small rules for the screens (issue 15): how a
 * contract state looks, the contract form as typed and as sent (only the
 * changed fields on an edit), and what an edit's earlier end means.
 */
import { fenToYuanInput, num, parseYuan } from './format';
import { parseCount } from './warehouse';
import { addMonths } from './zone';

export { addMonths };
import type { Contract, ContractEdit, ContractParts, ContractState, LoanerState, NewContract } from './types';

/** The pill class of a contract state. */
export function contractTone(s: ContractState): string {
  return s === 'ended' ? 'tone-done' : s === 'ending_soon' ? 'tone-warn' : s === 'active' ? 'tone-ok' : '';
}
/** The pill class of a loaner unit's state. */
export function loanerTone(s: LoanerState): string {
  return s === 'out' ? 'tone-warn' : s === 'available' ? 'tone-ok' : 'tone-done';
}

export const CONTRACT_STATES: ContractState[] = ['active', 'ending_soon', 'ended', 'upcoming'];
export const PARTS_TERMS: ContractParts[] = ['free', 'at_cost', 'at_price'];

/** The contract fields as typed (money in yuan, days `YYYY-MM-DD`). */
export interface ContractForm {
  number: string; customer_id: string; serials: string[]; starts_on: string; ends_on: string;
  labour: string; parts: ContractParts; travel_free: boolean; lodging_free: boolean; every: string;
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** A blank form: a year from `today`, labour free, parts at cost, travel and lodging free, a visit every 3 months. */
export function blankContract(today: string, customerId = ''): ContractForm {
  return { number: '', customer_id: customerId, serials: [], starts_on: today, ends_on: dayBefore(addMonths(today, 12)),
    labour: '0', parts: 'at_cost', travel_free: true, lodging_free: true, every: '3' };
}
export function contractForm(k: Contract): ContractForm {
  return { number: k.number, customer_id: k.customer_id, serials: [...k.equipment_serials], starts_on: k.starts_on, ends_on: k.ends_on,
    labour: fenToYuanInput(k.labour_fen_per_hour), parts: k.parts, travel_free: k.travel_free, lodging_free: k.lodging_free,
    every: String(num(k.visit_every_months)) };
}

export const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`))
  && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** A problem of the typed form: the message key and the field's label key. */
export interface FormProblem { problem: string; field: string }

/** The form read for sending, or its first problem. */
export function readContract(f: ContractForm): NewContract | FormProblem {
  if (!f.number.trim()) return { problem: 'ct.form.required', field: 'ct.form.number' };
  if (!f.customer_id) return { problem: 'ct.form.required', field: 'ct.form.customer' };
  if (!isDay(f.starts_on.trim())) return { problem: 'ct.form.badDay', field: 'ct.form.startsOn' };
  if (!isDay(f.ends_on.trim())) return { problem: 'ct.form.badDay', field: 'ct.form.endsOn' };
  if (f.ends_on.trim() < f.starts_on.trim()) return { problem: 'ct.form.badDates', field: 'ct.form.endsOn' };
  const labour = parseYuan(f.labour);
  if (labour === null || labour < 0) return { problem: 'ct.form.badMoney', field: 'ct.form.labour' };
  const every = parseCount(f.every);
  if (every === null || every > 24) return { problem: 'ct.form.badInterval', field: 'ct.form.interval' };
  return { number: f.number.trim(), customer_id: f.customer_id, equipment_serials: [...f.serials], starts_on: f.starts_on.trim(),
    ends_on: f.ends_on.trim(), labour_fen_per_hour: labour, parts: f.parts, travel_free: f.travel_free, lodging_free: f.lodging_free,
    visit_every_months: every };
}

/** Only the fields that differ from `k` (an edit sends nothing else), or the form's first problem. */
export function contractEdit(k: Contract, f: ContractForm): ContractEdit | FormProblem {
  const r = readContract({ ...f, customer_id: k.customer_id });
  if ('problem' in r) return r;
  const e: ContractEdit = {};
  if (r.number !== k.number) e.number = r.number;
  const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  if (!same(r.equipment_serials, k.equipment_serials)) e.equipment_serials = r.equipment_serials;
  if (r.starts_on !== k.starts_on) e.starts_on = r.starts_on;
  if (r.ends_on !== k.ends_on) e.ends_on = r.ends_on;
  if (r.labour_fen_per_hour !== num(k.labour_fen_per_hour)) e.labour_fen_per_hour = r.labour_fen_per_hour;
  if (r.parts !== k.parts) e.parts = r.parts;
  if (r.travel_free !== k.travel_free) e.travel_free = r.travel_free;
  if (r.lodging_free !== k.lodging_free) e.lodging_free = r.lodging_free;
  if (r.visit_every_months !== num(k.visit_every_months)) e.visit_every_months = r.visit_every_months;
  return e;
}

/** The edit moves the end earlier: planned visits after it will be cancelled (ask first). */
export function shortens(k: Contract, e: ContractEdit): boolean {
  return !!e.ends_on && e.ends_on < k.ends_on;
}

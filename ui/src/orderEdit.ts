/**
 * The office's edit of an order's details after creation (issue 13): the
 * form filled from the order, and the `OrderPatch` of what the user
 * changed (only changed fields are sent, so an engineer's concurrent edit
 * of another field is not overwritten). Times are wall times in the
 * company's zone (zone.ts), money is typed in yuan (format.ts).
 */
import { fenToYuanInput, num, parseYuan } from './format';
import { isoToWall, wallToIso } from './zone';
import type { OrderPatch, Priority, WorkOrder } from './types';

export interface OrderForm {
  priority: Priority;
  fault: string;
  /** One repair item per line. */
  items: string;
  /** Yuan as typed. */
  estimate: string;
  /** Wall time `2026-03-05T09:30` in the company's zone, '' for none. */
  appointment: string;
  visitNeeded: boolean;
}

export function orderForm(wo: WorkOrder, zone: string): OrderForm {
  return {
    priority: wo.priority,
    fault: wo.fault,
    items: wo.repair_items.join('\n'),
    estimate: fenToYuanInput(wo.estimate_fen),
    appointment: isoToWall(wo.appointment, zone),
    visitNeeded: wo.visit_needed,
  };
}

/** Why the form cannot be sent (an i18n key of `office.required`'s kind), or null. */
export type FormProblem = { key: 'fault' } | { key: 'estimate' } | { key: 'appointment' } | null;

/** The patch of the fields `form` changed on `wo`, or a problem with what was typed. */
export function orderPatch(wo: WorkOrder, form: OrderForm, zone: string): { patch: OrderPatch; problem: FormProblem } {
  const patch: OrderPatch = {};
  if (!form.fault.trim()) return { patch, problem: { key: 'fault' } };
  const estimate = form.estimate.trim() ? parseYuan(form.estimate) : 0;
  if (estimate === null || estimate < 0) return { patch, problem: { key: 'estimate' } };
  const appointment = form.appointment ? wallToIso(form.appointment, zone) : null;
  if (form.appointment && !appointment) return { patch, problem: { key: 'appointment' } };
  const items = form.items.split('\n').map((l) => l.trim()).filter(Boolean);
  if (form.priority !== wo.priority) patch.priority = form.priority;
  if (form.fault.trim() !== wo.fault) patch.fault = form.fault.trim();
  if (items.join('\n') !== wo.repair_items.join('\n')) patch.repair_items = items;
  if (estimate !== num(wo.estimate_fen)) patch.estimate_fen = estimate;
  if (appointment && (!wo.appointment || Date.parse(appointment) !== Date.parse(wo.appointment))) patch.appointment = appointment;
  if (form.visitNeeded !== wo.visit_needed) patch.visit_needed = form.visitNeeded;
  return { patch, problem: null };
}

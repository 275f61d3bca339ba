/**
 * The domain tables, generated from core's rules: every status, action,
 * priority and list section in display order, the named sets of statuses
 * the screens filter by, the state machine's transitions, the buttons each
 * role is offered in each status, and how each action is offered.
 *
 * `src/bindings/domain-tables.json` is written by the same run that
 * generates the types (`cargo test -p onsite-core --lib export_bindings`,
 * from core/src/service/tables.rs) and typed by the generated
 * `DomainTables`. Never write a status or action list by hand in the UI or
 * the browser tests' fake backend: read it from here.
 */
import raw from './bindings/domain-tables.json';
import type { DomainTables } from './bindings/DomainTables';
import type { ButtonKind } from './bindings/ButtonKind';
import type { Offered } from './bindings/Offered';
import type { StatusSets } from './bindings/StatusSets';
import type { Action, Status, UserRole, WoFilter } from './types';

export const tables = raw as DomainTables;

/** Whether `status` is in the named set (`open`, `assignable`, …). */
export function isIn(set: keyof StatusSets, status: Status): boolean {
  return tables.sets[set].includes(status);
}

/** A list filter for the statuses of one named set. */
export function statusFilter(set: keyof StatusSets): WoFilter {
  return { statuses: [...tables.sets[set]] };
}

/** The buttons `role` is offered on an order in `status` (an engineer: on their own order). */
export function offered(role: UserRole, status: Status): Offered {
  return tables.offered[role]?.[status] ?? { allowed: [], main: [], own: [] };
}

/** Of `actions`, those the work-order screen shows as `kind` buttons, in the same order. */
export function buttonsOf(actions: readonly Action[], kind: ButtonKind): Action[] {
  return actions.filter((a) => tables.buttons[a] === kind);
}

/** Whose action `a` is: the engineer's or the office's (core's `Action::owner`). */
export function ownerOf(a: Action): UserRole {
  return tables.owners[a]!; // core's tables name the owner of every action
}

/**
 * `actions` split for `role`: its own first, then those it takes only by
 * choosing to act for the engineer (the office on an engineer's step). Order kept.
 */
export function byOwner<T>(role: UserRole, actions: readonly T[], action: (x: T) => Action): { own: T[]; forEngineer: T[] } {
  const own = actions.filter((x) => ownerOf(action(x)) === role);
  return { own, forEngineer: actions.filter((x) => !own.includes(x)) };
}

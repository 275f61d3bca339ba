/**
 * The phone desk's dispatch view and order search, the parts that are
 * logic rather than layout: which clock of an order runs out first (an
 * engineer's "most urgent"), and the search form turned into core's
 * `OrderSearch` (the statuses of the named sets come from core's tables).
 */
import { tables } from './tables';
import type { Clock, OrderSearch, Priority, Status, WoListItem } from './types';

/** The clock of `item` still counting (running, or late and not done) that is due first; null when none is. */
export function urgentClock(item: WoListItem): Clock | null {
  const clocks = [item.sla.response, item.sla.on_site, item.sla.fix].filter((c): c is Clock => {
    if (!c) return false;
    return c.state.state === 'running' || (c.state.state === 'breached' && !c.state.done_at);
  });
  clocks.sort((a, b) => Date.parse(a.due_at) - Date.parse(b.due_at));
  return clocks[0] ?? null;
}

/** The search form as typed: '' in a field means "any". */
export interface SearchForm {
  query: string;
  /** A login name, `'-'` for unassigned orders, '' for anyone. */
  engineer: string;
  /** A status, `'set:open'` or `'set:final'` for a named set, '' for any. */
  status: string;
  priority: '' | Priority;
  /** Days `YYYY-MM-DD` in the company's zone (core reads them so). */
  from: string;
  to: string;
}

export const UNASSIGNED = '-';

export function emptySearch(): SearchForm {
  return { query: '', engineer: '', status: '', priority: '', from: '', to: '' };
}

/** The `OrderSearch` of `form` (only what the user chose; core checks the date order). */
export function toSearch(form: SearchForm): OrderSearch {
  const s: OrderSearch = {};
  if (form.query.trim()) s.query = form.query.trim();
  if (form.engineer === UNASSIGNED) s.unassigned = true;
  else if (form.engineer) s.assignee = form.engineer;
  if (form.status.startsWith('set:')) s.statuses = [...tables.sets[form.status.slice(4) as 'open' | 'final']];
  else if (form.status) s.statuses = [form.status as Status];
  if (form.priority) s.priorities = [form.priority];
  if (form.from) s.called_from = form.from;
  if (form.to) s.called_to = form.to;
  return s;
}

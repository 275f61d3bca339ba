/**
 * The fake backend's dispatch view and order search (core's
 * `service::dispatch`), over the fake's orders: `dispatch_board` and
 * `search_orders`, merged into the commands of fake-backend.ts. The
 * status sets come from core's generated tables, never from here.
 */
import { tables } from '../src/tables';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DispatchCtx {
  role: () => string;
  user: () => string;
  orders: Json[];
  engineers: { name: string; display: string }[];
  listItem: (w: Json) => Json;
  listOrder: (a: Json, b: Json) => number;
  nextDue: (w: Json) => number | null;
  displayName: (login: string) => string;
  /** The day of an instant in the company's zone, `YYYY-MM-DD`. */
  companyDay: (ms: number) => string;
  fail: (code: Json, message: string) => never;
}

const isOpen = (s: string) => tables.sets.open.some((x) => x === s);

export function dispatchCommands(c: DispatchCtx): Record<string, (a: Json) => unknown> {
  const visible = () => c.orders.filter((w) => c.role() === 'office' || w.assignee === c.user());
  /** What the search text of core's projection holds: number, customer, contact, phone (and its digits), model, serial. */
  const text = (w: Json) => [w.number, w.customer.org, w.customer.contact, w.customer.phone, w.customer.phone.replace(/\D/g, ''),
    w.equipment.model, w.equipment.serial].join('\n').toLowerCase();
  return {
    search_orders: ({ search }) => {
      const s = search ?? {};
      if (s.called_from && s.called_to && s.called_to < s.called_from) {
        c.fail('invalid', `the call dates run backwards: from ${s.called_from} to ${s.called_to}`);
      }
      const words = String(s.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const day = (w: Json) => c.companyDay(Date.parse(w.reported_at));
      const all = visible()
        .filter((w) => !s.assignee || c.role() !== 'office' || w.assignee === s.assignee)
        .filter((w) => !s.unassigned || !w.assignee)
        .filter((w) => !s.statuses || s.statuses.includes(w.status))
        .filter((w) => !s.priorities || s.priorities.includes(w.priority))
        .filter((w) => !s.called_from || day(w) >= s.called_from)
        .filter((w) => !s.called_to || day(w) <= s.called_to)
        .filter((w) => words.every((x) => text(w).includes(x)))
        .sort((a, b) => Date.parse(b.reported_at) - Date.parse(a.reported_at));
      const from = s.offset ?? 0;
      return { items: all.slice(from, from + (s.limit ?? 50)).map(c.listItem), total: all.length };
    },
    dispatch_board: () => {
      if (c.role() !== 'office') c.fail('forbidden', 'only the office dispatches work orders');
      const open = c.orders.filter((w) => isOpen(w.status)).sort(c.listOrder);
      const unassigned = open.filter((w) => !w.assignee);
      const group = (user: string, display: string, available: boolean) => {
        const mine = open.filter((w) => w.assignee === user);
        const dues = mine.map((w) => ({ w, due: c.nextDue(w) })).filter((x) => x.due !== null).sort((a, b) => a.due! - b.due!);
        return { user, display, available, open: mine.length, next_due: dues[0] ? new Date(dues[0].due!).toISOString() : null,
          most_urgent: dues[0] ? c.listItem(dues[0].w) : null, orders: mine.slice(0, 10).map(c.listItem) };
      };
      const known = c.engineers.map((e) => group(e.name, e.display, true));
      const others = [...new Set(open.map((w) => w.assignee).filter((a) => a && !c.engineers.some((e) => e.name === a)))].sort()
        .map((a) => group(a, c.displayName(a), false));
      return { unassigned: unassigned.slice(0, 50).map(c.listItem), unassigned_total: unassigned.length, engineers: [...known, ...others] };
    },
  };
}

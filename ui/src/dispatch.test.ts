import { describe, expect, it } from 'vitest';
import { emptySearch, toSearch, UNASSIGNED, urgentClock } from './dispatch';
import { orderForm, orderPatch } from './orderEdit';
import { tables } from './tables';
import type { Clock, WoListItem, WorkOrder } from './types';

const running = (kind: Clock['kind'], due: string): Clock => ({ kind, due_at: due, state: { state: 'running', remaining_secs: 60, due_soon: false } });
const met = (kind: Clock['kind'], due: string): Clock => ({ kind, due_at: due, state: { state: 'met', at: due, margin_secs: 5 } });

function item(sla: WoListItem['sla']): WoListItem {
  return { sla } as WoListItem; // only the clocks matter here
}

describe('the dispatch view’s most urgent clock', () => {
  it('is the counting clock due first; met clocks do not count', () => {
    const c = urgentClock(item({
      response: met('response', '2026-03-02T02:00:00Z'),
      on_site: running('on_site', '2026-03-03T01:00:00Z'),
      fix: running('fix', '2026-03-04T09:00:00Z'),
      loaner_prompt: false,
    }));
    expect(c?.kind).toBe('on_site');
  });

  it('a late clock not yet done counts, one done late does not; none: null', () => {
    const late: Clock = { kind: 'fix', due_at: '2026-03-04T09:00:00Z', state: { state: 'breached', overdue_secs: 600, done_at: null } };
    const doneLate: Clock = { kind: 'response', due_at: '2026-03-01T09:00:00Z', state: { state: 'breached', overdue_secs: 60, done_at: '2026-03-01T09:01:00Z' } };
    expect(urgentClock(item({ response: doneLate, on_site: null, fix: late, loaner_prompt: true }))?.kind).toBe('fix');
    expect(urgentClock(item({ response: doneLate, on_site: null, fix: met('fix', '2026-03-04T09:00:00Z'), loaner_prompt: false }))).toBeNull();
  });
});

describe('the order search form', () => {
  it('sends only what the user chose', () => {
    expect(toSearch(emptySearch())).toEqual({});
    const s = toSearch({ query: '  sn-77 ', engineer: 'yangjinwei', status: 'closed', priority: 'P1', from: '2026-03-01', to: '2026-03-31' });
    expect(s).toEqual({ query: 'sn-77', assignee: 'yangjinwei', statuses: ['closed'], priorities: ['P1'], called_from: '2026-03-01', called_to: '2026-03-31' });
  });

  it('unassigned and the named status sets come from core’s tables', () => {
    const s = toSearch({ ...emptySearch(), engineer: UNASSIGNED, status: 'set:final' });
    expect(s.unassigned).toBe(true);
    expect(s.assignee).toBeUndefined();
    expect(s.statuses).toEqual(tables.sets.final);
    expect(toSearch({ ...emptySearch(), status: 'set:open' }).statuses).toEqual(tables.sets.open);
  });
});

describe('editing an order’s details', () => {
  const zone = 'Asia/Shanghai';
  const wo = {
    priority: 'P2', fault: '无法开机', repair_items: ['更换电源'], estimate_fen: 150000,
    appointment: '2026-03-03T01:30:00Z', visit_needed: true,
  } as unknown as WorkOrder;

  it('fills the form in the company’s zone and in yuan, and an unchanged form sends nothing', () => {
    const f = orderForm(wo, zone);
    expect(f).toEqual({ priority: 'P2', fault: '无法开机', items: '更换电源', estimate: '1500.00', appointment: '2026-03-03T09:30', visitNeeded: true });
    expect(orderPatch(wo, f, zone)).toEqual({ patch: {}, problem: null });
  });

  it('sends the changed fields only, items one per line without blank ones', () => {
    const f = { ...orderForm(wo, zone), priority: 'P1' as const, items: '更换电源\n\n 校准 ', appointment: '2026-03-03T14:00' };
    expect(orderPatch(wo, f, zone)).toEqual({
      patch: { priority: 'P1', repair_items: ['更换电源', '校准'], appointment: '2026-03-03T06:00:00.000Z' }, problem: null,
    });
  });

  it('refuses an empty fault or an amount that is not money', () => {
    expect(orderPatch(wo, { ...orderForm(wo, zone), fault: '  ' }, zone).problem).toEqual({ key: 'fault' });
    expect(orderPatch(wo, { ...orderForm(wo, zone), estimate: '十元' }, zone).problem).toEqual({ key: 'estimate' });
  });
});

/**
 * The fake backend's follow-ups, surveys and key-customer visits (the
 * commands of docs/ipc.md, *Follow-ups, surveys and key-customer visits*),
 * kept beside fake-backend.ts, which hands it the shared state and calls
 * `closed` when the office closes an order (core creates the follow-up in
 * the same transaction). The channels, outcomes, satisfaction scale and
 * the 12-month numbers come from core's generated tables
 * (src/bindings/care-tables.json); the due rule is core's
 * (`rules::yearly`) in small: the local day of the last one, 12 months
 * later, in the company's zone; listed when never done, overdue, or due
 * within the days listed ahead.
 */
import { careTables } from '../src/care';
import { addMonths } from '../src/zone';
import type { ErrorCode } from '../src/bindings/ErrorCode';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CareContext {
  cfg: { role: string; user: string };
  orders: Json[];
  customers: Json[];
  /** A work order as the seed makes them (fake-backend's `blankWo`). */
  blankWo: (o: Json) => Json;
  fail: (code: ErrorCode, message: string) => never;
  /** A local edit: one more change waiting to sync. */
  changed: () => void;
  displayName: (login: string) => string;
  /** The company's time zone. */
  zone: () => string;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

export function careFake(ctx: CareContext) {
  const { cfg, orders, customers, fail, changed } = ctx;
  const T0 = Date.now();

  /** The local day (`YYYY-MM-DD`) of instant `ms` in the company's zone. */
  const localDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ctx.zone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
  const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
  function due(last: string | null): Json {
    if (!last) return { state: 'never' };
    const dueOn = addMonths(localDay(Date.parse(last)), careTables.yearly_months);
    const days = daysBetween(localDay(Date.now()), dueOn);
    if (days > 0) return { state: 'due_in', due_on: dueOn, days };
    if (days === 0) return { state: 'due_today', due_on: dueOn };
    return { state: 'overdue', due_on: dueOn, days: -days };
  }
  const listed = (d: Json) => d.state !== 'due_in' || d.days <= careTables.due_ahead_days;
  const dueKey = (d: Json) => (d.state === 'never' ? '' : d.due_on);

  // ---------------------------------------------------------------- seed
  // 华东 (key): never surveyed, visited 11 months and a half ago; 江南: surveyed
  // a year and 3 days ago; 西南 (key): surveyed lately, visited 13 months ago.
  Object.assign(customers[0], { key_customer: true, last_survey_at: null, last_visit_at: iso(T0 - 350 * DAY) });
  Object.assign(customers[1], { key_customer: false, last_survey_at: iso(T0 - 368 * DAY), last_visit_at: null });
  // In the customer document's shape (sites and contacts; fake-customers.ts), with its mirrors.
  customers.push({ id: 'cust:3', org: '西南化工研究院', site_address: '成都市高新区天府大道 100 号', contact: '马工', phone: '028-8888 0303',
    sites: [{ id: 's-1', name: '', address: '成都市高新区天府大道 100 号' }], contacts: [{ id: 'k-1', name: '马工', phones: ['028-8888 0303'] }],
    key_customer: true, last_survey_at: iso(T0 - 60 * DAY), last_visit_at: iso(T0 - 400 * DAY),
    equipment: [{ serial: 'SN-C3-0077', model: 'LC-20 液相色谱仪', accepted_on: '2024-05-01', original_end_user: true, contract_id: null, site_id: 's-1' }] });
  // A filed order the office can close.
  const filedAt = iso(T0 - 2 * DAY);
  const w85 = ctx.blankWo({ id: 'wo:085', number: 'WO-2026-03-000085', status: 'filed', priority: 'P3', customer: customers[2], assignee: 'li',
    reported: T0 - 6 * DAY, fault: '流量不稳', items: ['更换泵密封'], tier: 'in_warranty',
    timeline: { responded_at: iso(T0 - 6 * DAY + 600_000), departed_at: iso(T0 - 6 * DAY + 3_600_000), arrived_at: iso(T0 - 6 * DAY + 4 * 3_600_000), resolved_at: iso(T0 - 5 * DAY) },
    service: { work_done: '更换泵密封圈', findings: '密封圈老化', labour_minutes: 60 } });
  w85.signoff = { signer: '马工', signed_at: iso(T0 - 5 * DAY), opinion: '满意', satisfaction: 5, matches_agreed_items: true, strokes: ['100,300 300,100'], charges_json: '{}', content_hash: '' };
  w85.filing = { received_at: filedAt, content_hash: '', via: 'sync' };
  orders.push(w85);

  const followUps: Json[] = [];
  function followUpOf(w: Json, at: number): Json {
    return { id: `followup:${w.id.replace(/^wo:/, '')}`, origin: 'closed_order', work_order_id: w.id, wo_number: w.number,
      customer_id: w.customer_id, customer: { ...w.customer }, channel: 'phone', planned_on: null, created_at: iso(at), created_by: 'office-wu', record: null };
  }
  const orderOf = (n: string, c: Json) => ({ id: `wo:${n}`, number: `WO-2026-03-000${n}`, customer_id: c.id, customer: c });
  followUps.push(followUpOf(orderOf('080', customers[1]), T0 - 3 * DAY));
  followUps.push({ ...followUpOf(orderOf('075', customers[0]), T0 - 12 * DAY),
    record: { channel: 'phone', outcome: 'fine', satisfaction: 5, remarks: '用户表示设备运行正常', at: iso(T0 - 10 * DAY), by: 'office-wu' } });

  // ---------------------------------------------------------------- views
  function item(f: Json): Json {
    const age = Math.max(0, daysBetween(localDay(Date.parse(f.created_at)), localDay(Date.now())));
    const people = Object.fromEntries([f.created_by, f.record?.by].filter((x) => x).map((l: string) => [l, ctx.displayName(l)]));
    return { ...structuredClone(f), age_days: age, people };
  }
  function page<T>(all: T[], filter: Json): { items: T[]; total: number } {
    const from = filter?.offset ?? 0;
    return { items: all.slice(from, from + (filter?.limit ?? 50)), total: all.length };
  }
  function officeOnly(what: string) {
    if (cfg.role !== 'office') fail('forbidden', `only the office may ${what}`);
  }
  function satisfaction(n: unknown) {
    if (!careTables.satisfaction.includes(Number(n))) fail('invalid', `the satisfaction must be 1 to 5, not ${n}`);
  }
  function dueList(duty: 'survey' | 'visit', filter: Json) {
    officeOnly('read the surveys and visits due');
    const field = duty === 'survey' ? 'last_survey_at' : 'last_visit_at';
    const rows = customers
      .filter((c) => duty === 'survey' || c.key_customer)
      .map((c) => ({ customer_id: c.id, org: c.org, key_customer: !!c.key_customer, last_at: c[field] ?? null, due: due(c[field] ?? null),
        planned_on: duty === 'visit' ? followUps.filter((f) => f.customer_id === c.id && f.origin === 'planned_visit' && !f.record)
          .map((f) => f.planned_on).sort()[0] ?? null : null }))
      .filter((r) => listed(r.due))
      .sort((a, b) => dueKey(a.due).localeCompare(dueKey(b.due)) || a.org.localeCompare(b.org));
    return page(rows, filter);
  }
  const later = (old: string | null, at: string) => (!old || Date.parse(old) < Date.parse(at) ? at : old);

  const commands: Record<string, (a: Json) => unknown> = {
    list_follow_ups: ({ filter }) => {
      officeOnly('read the follow-ups');
      const all = followUps
        .filter((f) => !!f.record === !!filter?.recorded)
        .sort((a, b) => (filter?.recorded ? Date.parse(b.record.at) - Date.parse(a.record.at) : Date.parse(a.created_at) - Date.parse(b.created_at)));
      const p = page(all, filter);
      return { items: p.items.map(item), total: p.total };
    },
    record_follow_up: ({ id, input }) => {
      officeOnly('record a follow-up');
      const f = followUps.find((x) => x.id === id);
      if (!f) fail('not_found', `document ${id} not found`);
      if (f.record) fail('already_exists', `the follow-up ${f.wo_number || f.customer.org} was already recorded`);
      satisfaction(input.satisfaction);
      const at = input.at ?? iso(Date.now());
      if (Date.parse(at) > Date.now() + 60_000) fail('invalid', 'a follow-up or survey cannot be dated in the future');
      f.record = { channel: input.channel, outcome: input.outcome, satisfaction: input.satisfaction, remarks: (input.remarks ?? '').trim(), at, by: cfg.user };
      const c = customers.find((x) => x.id === f.customer_id);
      if (c && input.channel === 'on_site') c.last_visit_at = later(c.last_visit_at ?? null, at);
      changed();
      return item(f);
    },
    plan_visit: ({ input }) => {
      officeOnly('plan a visit');
      const c = customers.find((x) => x.id === input.customer_id);
      if (!c) fail('not_found', `document ${input.customer_id} not found`);
      if (input.planned_on < localDay(Date.now())) fail('invalid', `a visit cannot be planned for a day already past (${input.planned_on})`);
      const f = { id: `followup:v${followUps.length + 1}`, origin: 'planned_visit', work_order_id: null, wo_number: '', customer_id: c.id,
        customer: { org: c.org, site_address: c.site_address, contact: c.contact, phone: c.phone }, channel: 'on_site',
        planned_on: input.planned_on, created_at: iso(Date.now()), created_by: cfg.user, record: null };
      followUps.push(f);
      changed();
      return item(f);
    },
    list_surveys_due: ({ filter }) => dueList('survey', filter),
    list_visits_due: ({ filter }) => dueList('visit', filter),
    record_survey: ({ input }) => {
      officeOnly('record a survey');
      const c = customers.find((x) => x.id === input.customer_id);
      if (!c) fail('not_found', `document ${input.customer_id} not found`);
      satisfaction(input.satisfaction);
      const at = input.surveyed_at ?? iso(Date.now());
      c.last_survey_at = later(c.last_survey_at ?? null, at);
      changed();
      return { id: `survey:${Date.now()}`, customer_id: c.id, org: c.org, surveyed_at: at, satisfaction: input.satisfaction,
        remarks: (input.remarks ?? '').trim(), by: cfg.user, recorded_at: iso(Date.now()) };
    },
  };

  /** The office closed `w`: its follow-up, once (the id is derived from the order's). */
  function closed(w: Json) {
    const f = followUpOf(w, Date.now());
    f.created_by = cfg.user;
    if (!followUps.some((x) => x.id === f.id)) followUps.push(f);
  }

  return { commands, closed };
}

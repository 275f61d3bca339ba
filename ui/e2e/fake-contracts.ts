/**
 * The fake backend's maintenance contracts 维护合约, planned visits and
 * loaners 备用机 (issue 15; core's `contracts` room and
 * `service::contracts`), merged into the commands of fake-backend.ts.
 *
 * The same rules as core: bad input is `invalid` with a message that
 * starts with the field's name and stores nothing; only the office creates
 * and edits contracts, generates visits and issues loaners; a planned
 * visit's id is derived from the contract and its period (so generating
 * twice makes one order); an earlier end cancels the not-started planned
 * visits after it; a loaner unit is out while an order holds it unreturned.
 *
 * Demo: 江苏省疾病预防控制中心 under two contracts — one active with its
 * planned visit on the board, one ending within 30 days — a late contract
 * repair with the loaner prompt, and a pool of three units, one out with
 * another contract repair; the ending contract's last planned visit and
 * both repairs are 赵敏's (the other flows' engineers keep their loads).
 */
import { addMonths } from '../src/zone';
import type { RoomContext } from './fake-shared';
import contractTables from '../src/bindings/contract-tables.json';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ContractsCtx extends RoomContext {
  blankWo: (o: Json) => Json;
  /** The company settings document (its `loaners`). */
  settings: () => Json;
  /** Today in the company's zone, `YYYY-MM-DD`. */
  today: () => string;
  /** The order by id, as the caller may see it (engineer: own). */
  find: (id: string) => Json;
  view: (w: Json) => Json;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** The seed's checklist of a planned visit: core's words (`contracts::ops::CHECKLIST`, written beside the bindings). */
export const CHECKLIST: string[] = contractTables.checklist;
const isDay = (d: unknown) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const FINAL = ['closed', 'cancelled'];

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** The periods of a contract: from its start every `visit_every_months` months, each ending the day before the next (or at the end). */
export function periods(k: Json): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  if (!k.visit_every_months || k.ends_on < k.starts_on) return out;
  for (let i = 0; ; i++) {
    const start = addMonths(k.starts_on, i * k.visit_every_months);
    if (start > k.ends_on) break;
    const next = addMonths(k.starts_on, (i + 1) * k.visit_every_months);
    const end = addDays(next, -1) < k.ends_on ? addDays(next, -1) : k.ends_on;
    out.push({ start, end });
  }
  return out;
}

export function contractsFake(c: ContractsCtx) {
  const contracts: Json[] = [];
  let seq = 1;
  const officeOnly = (what: string) => {
    if (c.role() !== 'office') c.fail('forbidden', `only the office ${what}, not a ${c.role()}`);
  };
  const state = (k: Json): string => {
    const t = c.today();
    if (t < k.starts_on) return 'upcoming';
    if (t > k.ends_on) return 'ended';
    return k.ends_on <= addDays(t, 30) ? 'ending_soon' : 'active';
  };
  const findContract = (id: string): Json => contracts.find((k) => k.id === id) ?? c.fail('not_found', `no contract ${id}`);
  const customer = (id: string) => c.customers.find((x) => x.id === id);
  const plannedOf = (k: Json) => c.orders.filter((w) => w.planned?.contract_id === k.id)
    .sort((a, b) => a.planned.period_start.localeCompare(b.planned.period_start));
  const row = (k: Json) => ({
    id: k.id, number: k.number, customer_id: k.customer_id, customer_org: customer(k.customer_id)?.org ?? '',
    equipment_serials: [...k.equipment_serials], starts_on: k.starts_on, ends_on: k.ends_on, state: state(k),
    next_visit: periods(k).find((p) => p.end >= c.today())?.start ?? null,
  });
  const view = (k: Json) => ({
    contract: structuredClone(k), customer_org: customer(k.customer_id)?.org ?? '', state: state(k),
    visits: plannedOf(k).map((w) => ({ work_order_id: w.id, number: w.number, period_start: w.planned.period_start,
      period_end: w.planned.period_end, status: w.status, assignee: w.assignee })),
  });

  /** Core's checks of a contract's fields (a new one, or one after an edit). */
  function check(k: Json) {
    if (!String(k.number ?? '').trim()) c.fail('invalid', 'number: a contract number is required');
    if (contracts.some((o) => o.id !== k.id && o.number === k.number.trim())) c.fail('invalid', `number: contract ${k.number} exists`);
    const cu = customer(k.customer_id);
    if (!cu) c.fail('invalid', `customer_id: no customer ${k.customer_id}`);
    for (const s of k.equipment_serials) {
      if (!cu.equipment.some((e: Json) => e.serial === s)) c.fail('invalid', `equipment_serials: ${s} is not equipment of ${cu.org}`);
    }
    if (!isDay(k.starts_on)) c.fail('invalid', `starts_on: not a day (${k.starts_on})`);
    if (!isDay(k.ends_on)) c.fail('invalid', `ends_on: not a day (${k.ends_on})`);
    if (k.ends_on < k.starts_on) c.fail('invalid', `ends_on: ${k.ends_on} is before starts_on ${k.starts_on}`);
    if (!(Number.isInteger(k.labour_fen_per_hour) && k.labour_fen_per_hour >= 0)) c.fail('invalid', 'labour_fen_per_hour: must be 0 or more');
    if (!['free', 'at_cost', 'at_price'].includes(k.parts)) c.fail('invalid', `parts: unknown terms ${k.parts}`);
    if (!(Number.isInteger(k.visit_every_months) && k.visit_every_months >= 0 && k.visit_every_months <= 24)) {
      c.fail('invalid', `visit_every_months: must be 0 to 24, not ${k.visit_every_months}`);
    }
  }

  /** The coming period's planned orders of every running contract, when absent (core's `plan_visits`). */
  function plan(): string[] {
    const created: string[] = [];
    const t = c.today();
    for (const k of contracts) {
      if (state(k) === 'ended') continue;
      const cu = customer(k.customer_id);
      for (const p of periods(k)) {
        if (p.end < t || p.start > addDays(t, 30)) continue;
        const id = `wo:pm-${k.id.replace('contract:', '')}-${p.start.replace(/-/g, '')}`;
        if (c.orders.some((w) => w.id === id)) continue;
        const e = cu.equipment.find((x: Json) => x.serial === k.equipment_serials[0]);
        const w = c.blankWo({ id, number: `PM-${k.number}-${p.start.slice(0, 7)}`, status: 'new', priority: 'P3',
          customer: { ...cu, equipment: e ? [e] : [] }, reported: Date.parse(`${p.end}T00:00:00+08:00`), fault: '计划维护 · 预防性巡检', tier: 'in_warranty' });
        Object.assign(w, { order_kind: 'maintenance', contract_id: k.id, planned: { contract_id: k.id, period_start: p.start, period_end: p.end },
          checklist: CHECKLIST.map((text) => ({ text, done: false })), created_by: 'office' });
        // As core: the call time is the window's last day, so the clocks run out only after the due window.
        c.orders.push(w);
        created.push(id);
      }
    }
    return created;
  }

  /** An earlier end: its planned orders starting after it that have not started are cancelled. */
  function cancelAfter(k: Json): string[] {
    const out: string[] = [];
    for (const w of plannedOf(k)) {
      if (w.planned.period_start > k.ends_on && ['new', 'assigned'].includes(w.status)) {
        w.history.push({ from: w.status, to: 'cancelled', action: 'cancel', at: iso(Date.now()), by: c.user() });
        w.status = 'cancelled';
        out.push(w.id);
      }
    }
    return out;
  }

  /** The running contract covering `serial` of customer `customerId` on `day`, if any (a contract call). */
  function covering(customerId: string | null, serial: string, day: string): Json | null {
    return contracts.find((k) => k.customer_id === customerId && k.equipment_serials.includes(serial) && k.starts_on <= day && day <= k.ends_on) ?? null;
  }

  // ---- loaners
  const pool = (): Json[] => (c.settings().loaners ??= []);
  const holder = (serial: string) => c.orders.find((w) => w.loaner && w.loaner.serial === serial && !w.loaner.returned_at);
  /** Core's pool rules for the settings form: model and serial required, a serial once, a unit out stays. */
  function checkLoaners(list: Json[]) {
    for (const [i, u] of list.entries()) {
      if (!String(u.model ?? '').trim()) c.fail('invalid', `loaners: unit ${i + 1} needs a model`);
      if (!String(u.serial ?? '').trim()) c.fail('invalid', `loaners: unit ${i + 1} needs a serial number`);
      if (list.slice(0, i).some((o) => o.serial.trim() === u.serial.trim())) c.fail('invalid', `loaners: serial ${u.serial} is listed twice`);
    }
    const gone = pool().find((u) => holder(u.serial) && !list.some((x) => x.serial.trim() === u.serial));
    if (gone) c.fail('invalid', `loaners: ${gone.serial} is out with ${holder(gone.serial).number} and cannot be removed`);
  }
  function loanerRows(): Json[] {
    const rows = pool().map((u) => {
      const w = holder(u.serial);
      const days = w ? Math.floor((Date.now() - Date.parse(w.loaner.issued_at)) / DAY) : null;
      return { model: u.model, serial: u.serial, state: w ? 'out' : u.retired ? 'retired' : 'available', work_order_id: w?.id ?? null,
        work_order_no: w?.number ?? null, customer_org: w?.customer.org ?? null, issued_at: w?.loaner.issued_at ?? null, days_out: days };
    });
    const rank = (s: string) => ['out', 'available', 'retired'].indexOf(s);
    return rows.sort((a, b) => rank(a.state) - rank(b.state) || (b.days_out ?? 0) - (a.days_out ?? 0));
  }

  // ---- demo
  const T0 = Date.now();
  const today = c.today();
  c.customers.push({
    id: 'cust:4', org: '江苏省疾病预防控制中心', key_customer: true, last_survey_at: iso(T0 - 60 * DAY), last_visit_at: iso(T0 - 60 * DAY),
    sites: [{ id: 's-1', name: '', address: '南京市江苏路 172 号' }], contacts: [{ id: 'k-1', name: '吴工', phones: ['025-8375 9000'] }],
    site_address: '南京市江苏路 172 号', contact: '吴工', phone: '025-8375 9000',
    equipment: [
      { serial: 'SN-C3-0501', model: 'LC-2030 液相色谱仪', accepted_on: addMonths(today, -40), original_end_user: true, contract_id: 'contract:01', site_id: 's-1' },
      { serial: 'SN-C3-0502', model: 'AAS-700 原子吸收光谱仪', accepted_on: addMonths(today, -50), original_end_user: true, contract_id: 'contract:02', site_id: 's-1' },
    ],
  });
  contracts.push(
    { id: 'contract:01', number: 'HT-2026-001', customer_id: 'cust:4', equipment_serials: ['SN-C3-0501'], starts_on: addDays(today, -20), ends_on: addDays(addMonths(today, 12), -21),
      labour_fen_per_hour: 0, parts: 'at_cost', travel_free: true, lodging_free: true, visit_every_months: 3 },
    { id: 'contract:02', number: 'HT-2025-014', customer_id: 'cust:4', equipment_serials: ['SN-C3-0502'], starts_on: addDays(addMonths(today, -12), 21), ends_on: addDays(today, 20),
      labour_fen_per_hour: 8000, parts: 'at_price', travel_free: true, lodging_free: false, visit_every_months: 6 },
  );
  seq = 3;
  plan();
  // The ending contract's last visit is already 赵敏's.
  for (const w of c.orders.filter((x) => x.planned?.contract_id === 'contract:02')) Object.assign(w, { assignee: 'zhao', status: 'assigned' });
  const cu = c.customers[c.customers.length - 1];
  // A late contract repair (the fix clock has run out): the office is prompted to lend a unit.
  const late = c.blankWo({ id: 'wo:082', number: 'WO-2026-03-000082', status: 'responded', priority: 'P2', customer: { ...cu, equipment: [cu.equipment[1]] }, assignee: 'zhao',
    reported: T0 - 3 * DAY, fault: '原子化器无法点火', tier: 'in_warranty', timeline: { responded_at: iso(T0 - 3 * DAY + 30 * MIN) } });
  late.contract_id = 'contract:02';
  // A contract repair: a loaner has been with the customer for two days.
  const lent = c.blankWo({ id: 'wo:083', number: 'WO-2026-03-000083', status: 'on_site', priority: 'P2', customer: { ...cu, equipment: [cu.equipment[0]] }, assignee: 'zhao',
    reported: T0 - 4 * DAY, fault: '泵压力波动', tier: 'in_warranty',
    timeline: { responded_at: iso(T0 - 4 * DAY + 20 * MIN), departed_at: iso(T0 - 4 * DAY + HOUR), arrived_at: iso(T0 - 4 * DAY + 4 * HOUR) } });
  lent.contract_id = 'contract:01';
  lent.loaner = { model: 'LC-2030 液相色谱仪', serial: 'LN-02', issued_at: iso(T0 - 2 * DAY - 3 * HOUR), returned_at: null };
  c.orders.push(late, lent);
  c.settings().loaners = [
    { model: 'LC-2030 液相色谱仪', serial: 'LN-01', retired: false },
    { model: 'LC-2030 液相色谱仪', serial: 'LN-02', retired: false },
    { model: 'AAS-700 原子吸收光谱仪', serial: 'LN-03', retired: false },
  ];

  const commands: Record<string, (a: Json) => unknown> = {
    list_contracts: ({ state: s, customerId }) => {
      officeOnly('reads the contracts');
      return contracts.filter((k) => (!s || state(k) === s) && (!customerId || k.customer_id === customerId))
        .sort((a, b) => a.number.localeCompare(b.number)).map(row);
    },
    get_contract: ({ id }) => {
      officeOnly('reads the contracts');
      return view(findContract(id));
    },
    create_contract: ({ contract }) => {
      officeOnly('creates contracts');
      const k = { ...structuredClone(contract), id: `contract:${String(seq++).padStart(2, '0')}`, number: String(contract.number ?? '').trim() };
      check(k);
      contracts.push(k);
      const e = customer(k.customer_id).equipment;
      for (const s of k.equipment_serials) e.find((x: Json) => x.serial === s).contract_id = k.id;
      c.changed();
      return view(k);
    },
    edit_contract: ({ id, edit }) => {
      officeOnly('edits contracts');
      const k = findContract(id);
      const next = { ...structuredClone(k) };
      for (const [f, v] of Object.entries(edit ?? {})) if (v !== null && v !== undefined && f in next) next[f] = f === 'number' ? String(v).trim() : v;
      check(next);
      const shortened = next.ends_on < k.ends_on;
      Object.assign(k, next);
      if (shortened) cancelAfter(k);
      c.changed();
      return view(k);
    },
    plan_visits: () => {
      if (c.role() !== 'office') return { created: [], cancelled: [] };
      const created = plan();
      if (created.length) c.changed();
      return { created, cancelled: [] };
    },
    tick_check_item: ({ workOrderId, index, done }) => {
      const w = c.find(workOrderId);
      if (c.role() !== 'office' && c.role() !== 'engineer') c.fail('forbidden', `a ${c.role()} may not tick the checklist`);
      if (w.signoff || ['signed', 'filed', ...FINAL].includes(w.status)) c.fail('invalid', 'checklist: read-only after signing');
      if (!Number.isInteger(index) || index < 0 || index >= w.checklist.length) c.fail('invalid', `index: the checklist has ${w.checklist.length} items, no item ${index}`);
      w.checklist[index].done = !!done;
      c.changed();
      return c.view(w);
    },
    issue_loaner: ({ workOrderId, serial, issuedAt }) => {
      officeOnly('issues loaners');
      if (issuedAt && Date.parse(issuedAt) > Date.now()) c.fail('invalid', `issued_at: ${issuedAt} is in the future`);
      const w = c.find(workOrderId);
      if (FINAL.includes(w.status)) c.fail('invalid', `work_order_id: ${w.number} is ${w.status}`);
      if (w.loaner && !w.loaner.returned_at) c.fail('invalid', `serial: ${w.number} already has ${w.loaner.serial} out`);
      const u = pool().find((x) => x.serial === serial);
      if (!u) c.fail('invalid', `serial: ${serial} is not in the loaner pool`);
      if (u.retired) c.fail('invalid', `serial: ${serial} is retired`);
      const h = holder(serial);
      if (h) c.fail('invalid', `serial: ${serial} is out with ${h.number}`);
      w.loaner = { model: u.model, serial: u.serial, issued_at: issuedAt ?? iso(Date.now()), returned_at: null };
      c.changed();
      return c.view(w);
    },
    return_loaner: ({ workOrderId, returnedAt }) => {
      officeOnly('records loaner returns');
      const w = c.find(workOrderId);
      if (!w.loaner || w.loaner.returned_at) c.fail('invalid', `loaner: ${w.number} has no loaner out`);
      const at = returnedAt ?? iso(Date.now());
      if (Date.parse(at) > Date.now()) c.fail('invalid', `returned_at: ${at} is in the future`);
      if (at < w.loaner.issued_at) c.fail('invalid', 'returned_at: before the loaner was issued');
      w.loaner.returned_at = at;
      c.changed();
      return c.view(w);
    },
    list_loaners: () => {
      officeOnly('reads the loaner pool');
      return loanerRows();
    },
  };

  /** `ContractSummary` (core's customer view): number, dates, state. */
  const summary = (k: Json) => ({ id: k.id, number: k.number, starts_on: k.starts_on, ends_on: k.ends_on, state: state(k) });
  const RANK: Record<string, number> = { active: 0, ending_soon: 0, upcoming: 1, ended: 2 };
  const contractsOf = (customerId: string) => contracts.filter((k) => k.customer_id === customerId).sort((a, b) => a.number.localeCompare(b.number)).map(summary);
  const contractOf = (customerId: string, e: Json) => contractsOf(customerId)
    .filter((s) => s.id === e.contract_id || contracts.find((k) => k.id === s.id).equipment_serials.includes(e.serial))
    .sort((a, b) => RANK[a.state] - RANK[b.state])[0] ?? null;
  /** The charges' terms of an order under contract `id` (core's `derive::contract_terms`), or null. */
  const terms = (id: string | null) => (id ? contracts.find((k) => k.id === id) ?? null : null);
  return { commands, covering, checkLoaners, terms, contractsOf, contractOf, state: (id: string) => state(findContract(id)), contracts };
}

/**
 * An in-memory fake of the Rust side for browser tests: the IPC commands of
 * docs/ipc.md over a few seeded work orders, following the work-order state
 * machine and the buttons per role as core generates them
 * (src/bindings/domain-tables.json, from core/src/service/tables.rs).
 * Bundled to an IIFE by e2e/run.mjs and injected before the app loads;
 * never part of the app bundle.
 * (Over 500 lines on purpose: one fake per IPC command, in docs/ipc.md's
 * order; the tables it follows are generated from core.)
 *
 * Drafts live in `localStorage` (per user), so they survive a page reload
 * as the real ones survive an app restart; everything else starts afresh.
 *
 * The company settings start from core's generated defaults (the official
 * calendar included: src/bindings/company-defaults.json); the calendar file
 * checks follow core's `settings::calendar_file` in small.
 *
 * Customers and their equipment are in fake-customers.ts.
 * Complaints and the monthly report: fake-complaints.ts, merged into the
 * commands below; the dispatch view and the order search: fake-dispatch.ts;
 * the parts warehouse (catalogue, stock per warehouse, movements,
 * confirmations): fake-warehouse.ts; contracts, planned visits and loaners:
 * fake-contracts.ts; the office's reports: fake-stats.ts; the history of
 * every document (and an order's clock skew): fake-history.ts; photos (bytes
 * in memory, scaled by the browser): fake-photos.ts.
 *
 * Connectivity: the device starts offline; `sync_now` "finds a network",
 * files every signed record (server receipt time = now) and emits
 * `sync://status` and `docs://changed`.
 */
import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import { offered, tables } from '../src/tables';
import type { PickupLine } from '../src/types';
import type { ErrorCode } from '../src/bindings/ErrorCode';
import { inkProblem } from '../src/signature';
import companyDefaults from '../src/bindings/company-defaults.json';
import { careFake } from './fake-care';
import { customerCommands, customers, registerEquipment, storedEquipment, tierOn } from './fake-customers';
import { complaintCommands } from './fake-complaints';
import { bytesOfBase64 } from './fake-shared';
import { dispatchCommands } from './fake-dispatch';
import { pickupState, returnState, warehouseFake } from './fake-warehouse';
import { contractsFake } from './fake-contracts';
import { statsCommands } from './fake-stats';
import { historyFake } from './fake-history';
import { photosFake } from './fake-photos';

/** Core's default ink rule (`rules::ink::InkRule::default()`). */
const INK = { min_length: 400, min_width: 150, min_height: 40 };
function recordGaps(w: Json): string[] {
  return w.service.work_done.trim() ? [] : ['work_done'];
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Config { role: 'engineer' | 'office' | 'storekeeper'; user: string; language: 'zh-CN' | 'en' }

const cfg: Config = Object.assign({ role: 'engineer', user: 'zhang', language: 'zh-CN' }, (window as Json).__ONSITE_FAKE__ ?? {});
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.now();

// ---------------------------------------------------------------- state machine
/** Where `action` leads from `from` (`resume`: back to the status before the pause), or null when illegal. */
function next(from: string, action: string, pausedFrom: string | null): string | null {
  const t = tables.transitions.find((x) => x.from === from && x.action === action);
  return t ? t.to ?? pausedFrom : null;
}
/** Whether the role may ever press `action` (is it offered in some status). */
const mayPerform = (a: string) => tables.statuses.some((s) => offered(cfg.role, s).allowed.some((x) => x === a));
const isIn = (set: keyof typeof tables.sets, status: string) => tables.sets[set].some((s) => s === status);

function fail(code: ErrorCode, message: string): never {
  throw { code, message };
}

// ---------------------------------------------------------------- seed data
const engineers = [
  { name: 'zhang', display: '张伟' }, { name: 'li', display: '李娜' }, { name: 'wang', display: '王强' },
  { name: 'zhao', display: '赵敏' }, { name: 'chen', display: '陈刚' }, { name: 'yangjinwei', display: '杨金伟' },
];
const experts = [{ name: 'wangzhuanjia', display: '王专家' }];
/** The staff directory the device caches (login → display name); others are shown by login, as core does. */
const directory: Record<string, string> = Object.fromEntries([...engineers, ...experts].map((e) => [e.name, e.display]).concat([['office', '调度办公室']]));
const displayName = (login: string) => directory[login] ?? login;
const pickups: Json[] = [];
let seq = 101;
let pickupSeq = 1;

/** An instrument as a work order records it (core's `EquipmentInfo`). */
function woEquipment(e: Json | undefined): Json {
  return { model: e?.model ?? '', serial: e?.serial ?? '', accepted_on: e?.accepted_on ?? null, original_end_user: e?.original_end_user ?? true };
}

function blankWo(o: Json): Json {
  return {
    id: o.id, number: o.number, order_kind: 'repair', status: o.status, paused_from: null, priority: o.priority,
    customer_id: o.customer.id, customer: { org: o.customer.org, site_address: o.customer.site_address, contact: o.customer.contact, phone: o.customer.phone },
    equipment: woEquipment(o.customer.equipment[0]), contract_id: null, fault: o.fault, reported_at: iso(o.reported), visit_needed: true,
    repair_items: o.items ?? [], estimate_fen: o.estimate ?? 0, appointment: o.appointment ?? null, assignee: o.assignee ?? null, experts: [],
    timeline: { responded_at: null, departed_at: null, arrived_at: null, resolved_at: null, ...(o.timeline ?? {}) },
    history: [], service: { work_done: '', findings: '', labour_minutes: 0, travel_fen: 0, lodging_fen: 0, ...(o.service ?? {}) },
    parts_used: [], photos: [], charge_override: null, loaner: null, planned: null, checklist: [], notes: o.notes ?? [], signoff: null, filing: null, tamper_flag: null,
    follow_ups: [], created_at: iso(o.reported), created_by: 'office', conflicts: o.conflicts ?? [], tier: o.tier ?? 'in_warranty',
  };
}

const orders: Json[] = [
  blankWo({ id: 'wo:101', number: 'WO-2026-03-000101', status: 'assigned', priority: 'P1', customer: customers[0], assignee: 'zhang',
    reported: T0 - 20 * MIN, fault: '色谱仪基线漂移严重，无法完成日常检测', items: ['检查并更换检测器光源', '基线校准'], estimate: 150000,
    appointment: iso(T0 + 3 * HOUR), tier: 'extended2' }),
  blankWo({ id: 'wo:098', number: 'WO-2026-03-000098', status: 'on_site', priority: 'P2', customer: customers[1], assignee: 'zhang',
    reported: T0 - 30 * HOUR, fault: '等离子体点火不稳定', items: ['检查雾化器'], estimate: 50000, tier: 'in_warranty',
    timeline: { responded_at: iso(T0 - 29.5 * HOUR), departed_at: iso(T0 - 28 * HOUR), arrived_at: iso(T0 - 2 * HOUR) },
    notes: [{ at: iso(T0 - 3 * HOUR), by: 'expert-sun', role: 'expert', text: '先检查氩气纯度，再看雾化器。' }],
    conflicts: [{ field: 'service.work_done', values: ['更换雾化器', '清洗雾化器'] }] }),
  blankWo({ id: 'wo:087', number: 'WO-2026-03-000087', status: 'signed', priority: 'P3', customer: customers[1], assignee: 'zhang',
    reported: T0 - 7 * DAY, fault: '软件报错 E-204', items: ['升级固件'], tier: 'in_warranty',
    timeline: { responded_at: iso(T0 - 7 * DAY + 20 * MIN), departed_at: iso(T0 - 7 * DAY + HOUR), arrived_at: iso(T0 - 7 * DAY + 5 * HOUR), resolved_at: iso(T0 - 6 * DAY - 15 * HOUR) },
    service: { work_done: '升级固件至 3.2.1', findings: '固件缺陷', labour_minutes: 60 } }),
  blankWo({ id: 'wo:090', number: 'WO-2026-03-000090', status: 'new', priority: 'P2', customer: customers[0], assignee: null,
    reported: T0 - 50 * MIN, fault: '自动进样器卡针', tier: 'in_warranty' }),
  // The board of issue 10: a paused P2 and a P4 whose deadlines come first, and an unassigned P1.
  blankWo({ id: 'wo:095', number: 'WO-2026-03-000095', status: 'on_hold', priority: 'P2', customer: customers[1], assignee: 'yangjinwei',
    reported: T0 - 3 * HOUR, fault: '检测器温度不稳', tier: 'in_warranty', timeline: { responded_at: iso(T0 - 2.5 * HOUR) },
    notes: [{ at: iso(T0 - 2 * HOUR), by: 'yangjinwei', role: 'engineer', text: '用户要求下周再上门。' }] }),
  blankWo({ id: 'wo:093', number: 'WO-2026-03-000093', status: 'responded', priority: 'P4', customer: customers[0], assignee: 'wang',
    reported: T0 - 2 * HOUR, fault: '咨询软件报表导出', tier: 'in_warranty', timeline: { responded_at: iso(T0 - 1.5 * HOUR) } }),
  blankWo({ id: 'wo:099', number: 'WO-2026-03-000099', status: 'new', priority: 'P1', customer: customers[1], assignee: null,
    reported: T0 - 10 * MIN, fault: '光谱仪无法开机', tier: 'in_warranty' }),
];
orders[4].paused_from = 'responded';
// WO-087: signed 6 days ago (filing overdue) and changed after signing on another device.
{
  const w = orders[2];
  w.signoff = { signer: '周工', signed_at: iso(T0 - 6 * DAY), opinion: '满意', satisfaction: 5, matches_agreed_items: true,
    strokes: ['100,300 200,120 300,300', '400,200 600,200'], charges_json: '{}', content_hash: '' };
  w.signoff.content_hash = hashOf(w);
  w.service.work_done = '升级固件至 3.2.2（另一台设备修改）';
}

// ---------------------------------------------------------------- drafts
const DRAFTS = `onsite-fake-drafts:${cfg.user}`;
function drafts(): Record<string, { key: string; value: string; updated_at: string }> {
  return JSON.parse(localStorage.getItem(DRAFTS) ?? '{}');
}
function writeDrafts(d: Json) {
  localStorage.setItem(DRAFTS, JSON.stringify(d));
}

// ---------------------------------------------------------------- sync
let online = false;
let pending = 3;
let lastSuccess: string | null = null;
let changesReceived = 0;
function syncStatus() {
  return online
    ? { state: 'idle', pending, last_success: lastSuccess, error: null, error_code: null, changes_received: changesReceived, next_retry: null, photos_waiting: photos.waiting() }
    : { state: 'offline', pending, last_success: lastSuccess, changes_received: changesReceived, next_retry: iso(Date.now() + 4000), error_code: 'offline', photos_waiting: photos.waiting(),
        error: 'the sync server cannot be reached (error sending request for url (http://10.0.0.9:8787/v1/sync): client error (Connect): tcp connect error: Connection refused (os error 111)); changes are kept on this device and sent later' };
}
function changed() {
  pending += 1;
  void emit('sync://status', syncStatus());
}

// ---------------------------------------------------------------- derived views
function hashOf(w: Json): string {
  return JSON.stringify([w.service, w.parts_used, w.customer, w.equipment, w.repair_items]);
}
function clock(kind: string, startMs: number, allowMs: number, doneAt: string | null): Json {
  const due = startMs + allowMs;
  const now = Date.now();
  if (doneAt) {
    const d = Date.parse(doneAt);
    return d <= due ? { kind, due_at: iso(due), state: { state: 'met', at: doneAt, margin_secs: Math.floor((due - d) / 1000) } }
      : { kind, due_at: iso(due), state: { state: 'breached', overdue_secs: Math.floor((d - due) / 1000), done_at: doneAt } };
  }
  if (now > due) return { kind, due_at: iso(due), state: { state: 'breached', overdue_secs: Math.floor((now - due) / 1000), done_at: null } };
  return { kind, due_at: iso(due), state: { state: 'running', remaining_secs: Math.floor((due - now) / 1000), due_soon: due - now < allowMs * 0.25 } };
}
function sla(w: Json): Json {
  const r = Date.parse(w.reported_at);
  const fix = clock('fix', r, 2 * DAY, w.timeline.resolved_at);
  return {
    response: clock('response', r, HOUR, w.timeline.responded_at),
    on_site: w.visit_needed ? clock('on_site', r, DAY, w.timeline.arrived_at) : null,
    fix, loaner_prompt: w.order_kind === 'repair' && fix.state.state === 'breached' && !w.timeline.resolved_at && !w.loaner,
  };
}
function filing(w: Json): Json {
  if (w.filing) return { state: 'filed', at: w.filing.received_at };
  if (!w.signoff) return null;
  const deadline = Date.parse(w.signoff.signed_at) + 5 * DAY;
  const days = Math.ceil((deadline - Date.now()) / DAY);
  if (days > 0) return { state: 'due_in_days', days };
  if (days === 0) return { state: 'due_today' };
  return { state: 'overdue', days: -days };
}
function signature(w: Json): Json {
  if (!w.signoff) return { state: 'unsigned' };
  const h = hashOf(w);
  if (h !== w.signoff.content_hash) return { state: 'changed_after_signing', expected: w.signoff.content_hash, actual: h };
  return w.tamper_flag ? { state: 'flagged', reason: w.tamper_flag.reason } : { state: 'valid' };
}
function charges(w: Json): Json {
  // Under contract the contract's terms apply (core's `derive::contract_terms`).
  const k = contracts?.terms(w.contract_id);
  if (k) return contractCharges(w, k);
  const tier = w.tier;
  const lines: Json[] = [];
  const q = Math.ceil(w.service.labour_minutes / 15);
  const labourFree = tier !== 'out_of_warranty';
  lines.push({ kind: 'labour', description: `${w.service.labour_minutes} min`, qty: q, unit_fen: labourFree ? 0 : 5000, amount_fen: labourFree ? 0 : q * 5000, basis: labourFree ? 'free' : 'standard_rate' });
  for (const p of w.parts_used) {
    const unit = tier === 'in_warranty' ? 0 : tier === 'out_of_warranty' ? p.standard_price_fen : p.unit_cost_fen;
    const basis = tier === 'in_warranty' ? 'free' : tier === 'out_of_warranty' ? 'at_price' : 'at_cost';
    lines.push({ kind: 'part', description: `${p.part_no} ${p.name}`, qty: p.qty, unit_fen: unit, amount_fen: unit * p.qty, basis });
  }
  const travelFree = tier === 'in_warranty' || tier === 'extended1';
  lines.push({ kind: 'travel', description: '', qty: 1, unit_fen: travelFree ? 0 : w.service.travel_fen, amount_fen: travelFree ? 0 : w.service.travel_fen, basis: travelFree ? 'free' : 'charged' });
  lines.push({ kind: 'lodging', description: '', qty: 1, unit_fen: travelFree ? 0 : w.service.lodging_fen, amount_fen: travelFree ? 0 : w.service.lodging_fen, basis: travelFree ? 'free' : 'charged' });
  const sum = lines.reduce((s, l) => s + l.amount_fen, 0);
  const ov = w.charge_override;
  return { tier, under_contract: false, lines, total_fen: ov ? ov.amount_fen : sum, override: ov };
}
function contractCharges(w: Json, k: Json): Json {
  const q = Math.ceil(w.service.labour_minutes / 15);
  const unit = Math.round(k.labour_fen_per_hour / 4);
  const lines: Json[] = [{ kind: 'labour', description: `${w.service.labour_minutes} min`, qty: q, unit_fen: unit, amount_fen: q * unit, basis: unit ? 'contract_rate' : 'free' }];
  for (const p of w.parts_used) {
    const u = k.parts === 'free' ? 0 : k.parts === 'at_cost' ? p.unit_cost_fen : p.standard_price_fen;
    lines.push({ kind: 'part', description: `${p.part_no} ${p.name}`, qty: p.qty, unit_fen: u, amount_fen: u * p.qty, basis: k.parts });
  }
  for (const [kind, free, fen] of [['travel', k.travel_free, w.service.travel_fen], ['lodging', k.lodging_free, w.service.lodging_fen]]) {
    lines.push({ kind, description: '', qty: 1, unit_fen: free ? 0 : fen, amount_fen: free ? 0 : fen, basis: free ? 'free' : 'charged' });
  }
  const sum = lines.reduce((s, l) => s + l.amount_fen, 0);
  const ov = w.charge_override;
  return { tier: w.tier, under_contract: true, lines, total_fen: ov ? ov.amount_fen : sum, override: ov };
}
/** The order's picked-part lines, newest first, in core's one shape. */
function pickupsOf(w: Json): PickupLine[] {
  return pickups.filter((p) => p.work_order_id === w.id).reverse().map((p) => ({
    pickup_id: p.id, part_no: p.part_no, name: p.name, picked: p.qty, used: p.used, returned: p.returned, serials: p.serials,
    warehouse: p.warehouse, pickup_state: pickupState(p), return_state: returnState(p),
  }));
}
function blockers(w: Json) {
  return pickupsOf(w).filter((p) => p.picked - p.used - p.returned !== 0).map((p) => ({
    pickup_id: p.pickup_id, part_no: p.part_no, outstanding: p.picked - p.used - p.returned, message: `${p.part_no} is neither used nor returned`,
  }));
}
/** Why a precondition of core's tables (`preconditions`) is unmet, as core's view says it; null when met. */
function unmet(p: string, w: Json): Json {
  if (p === 'work_done') return w.service.work_done.trim() ? null : { kind: 'no_work_done' };
  const out = blockers(w).map((b) => b.outstanding);
  const open = out.filter((n) => n > 0).reduce((a, n) => a + n, 0);
  const over = out.filter((n) => n < 0).reduce((a, n) => a - n, 0);
  return open ? { kind: 'parts_open', count: open } : over ? { kind: 'parts_over_counted', count: over } : null;
}
/** The offered actions split as core's view does: allowed now, and blocked with the first unmet precondition. */
function buttons(w: Json): { allowed: string[]; blocked: Json[] } {
  const allowed: string[] = [];
  const blocked: Json[] = [];
  for (const a of offered(cfg.role, w.status).allowed) {
    const needs: string[] = (tables.preconditions as Json)[a] ?? [];
    const reason = needs.map((p) => unmet(p, w)).find((r) => r);
    if (reason) blocked.push({ action: a, reason });
    else allowed.push(a);
  }
  return { allowed, blocked };
}
/** Every login the order names, with its display name (core's `people`). */
function people(w: Json): Record<string, string> {
  const named = [w.created_by, w.assignee, ...w.history.map((h: Json) => h.by), ...w.notes.map((n: Json) => n.by)].filter((x) => x);
  return Object.fromEntries(named.map((l: string) => [l, displayName(l)]));
}
function view(w: Json): Json {
  const { conflicts, tier, ...wo } = w;
  const b = buttons(w);
  return { wo, tier, charges: charges(w), sla: sla(w), filing: filing(w), signature: signature(w), allowed_actions: b.allowed,
    blocked_actions: b.blocked, people: people(w), conflicts, pickups: pickupsOf(w), sign_blockers: blockers(w),
    sign_readiness: { record_gaps: recordGaps(w), ink: INK }, awaiting_restore: false, clock_skew_minutes: history.orderSkew(w) };
}
function group(w: Json): string {
  const fixed = tables.status_groups[w.status as keyof typeof tables.status_groups];
  if (fixed) return fixed;
  const s = sla(w);
  const urgent = [s.response, s.on_site, s.fix].some((c: Json) => c && c.state.state !== 'met' && (c.state.state === 'breached' || c.state.due_soon));
  return urgent ? 'act_now' : 'open';
}
function listItem(w: Json): Json {
  return { id: w.id, number: w.number, status: w.status, priority: w.priority, customer_org: w.customer.org, assignee: w.assignee,
    customer_id: w.customer_id, reported_at: w.reported_at, group: group(w), sla: sla(w), filing: filing(w), tampered: signature(w).state !== 'valid' && signature(w).state !== 'unsigned', is_new: false,
    contract_call: contractCall(w), loaner_issued: !!w.loaner, loaner_serial: w.loaner?.serial ?? null,
    loaner_issued_at: w.loaner?.issued_at ?? null, loaner_returned_at: w.loaner?.returned_at ?? null,
    planned_until: w.planned?.period_end ?? null,
    assignee_display: w.assignee ? displayName(w.assignee) : null };
}
/** A repair under a contract (core's `WoRow.contract_call`): listed first. */
const contractCall = (w: Json) => !!w.contract_id && w.order_kind === 'repair';
/** The earliest running deadline (core's projection `next_due`), or null. */
function nextDue(w: Json): number | null {
  const s = sla(w);
  const due = [s.response, s.on_site, s.fix].filter((c: Json) => c && c.state.state !== 'met' && !(c.state.state === 'breached' && c.state.done_at))
    .map((c: Json) => Date.parse(c.due_at));
  return isIn('finished', w.status) || due.length === 0 ? null : Math.min(...due);
}
/** core's list order (store/query.rs `wo_order`): contract calls, unassigned, priority, active before paused, nearest deadline, newest call. */
function listOrder(a: Json, b: Json): number {
  const key = (w: Json) => [contractCall(w) ? 0 : 1, w.assignee ? 1 : 0, w.priority, isIn('paused', w.status) ? 1 : 0];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  const [da, db] = [nextDue(a), nextDue(b)];
  if (da !== db) return da === null ? 1 : db === null ? -1 : da - db;
  return Date.parse(b.reported_at) - Date.parse(a.reported_at);
}
function find(id: string): Json {
  const w = orders.find((o) => o.id === id);
  if (!w) fail('not_found', `no work order ${id}`);
  if (cfg.role === 'engineer' && w.assignee !== cfg.user) fail('forbidden', 'not your work order');
  return w;
}
function editable(w: Json) {
  if (w.signoff) fail('signed_read_only', 'the record is signed');
}
function act(w: Json, action: string): Json {
  if (!mayPerform(action)) fail('forbidden', `${cfg.role} may not ${action}`);
  const to = next(w.status, action, w.paused_from);
  if (!to) fail('illegal_transition', `cannot ${action}: work order is ${w.status}`);
  if ((action === 'resolve' || action === 'sign') && recordGaps(w).length) fail('work_not_recorded', `cannot ${action}: no work done recorded`);
  const now = iso(Date.now());
  if (action === 'await_parts' || action === 'hold') w.paused_from = w.status;
  if (action === 'respond') w.timeline.responded_at = now;
  if (action === 'depart') w.timeline.departed_at = now;
  if (action === 'arrive') w.timeline.arrived_at = now;
  if (action === 'resolve') w.timeline.resolved_at = now;
  w.history.push({ from: w.status, to, action, at: now, by: cfg.user });
  w.status = to;
  if (action === 'close') care.closed(w); // core makes the follow-up in the same transaction
  changed();
  return view(w);
}

// ---------------------------------------------------------------- company settings
const company: Json = structuredClone(companyDefaults);
company.editable = cfg.role === 'office';
/** The history of every document (fake-history.ts); its margin is the settings' clock-skew margin. */
const history = historyFake({
  role: () => cfg.role, user: () => cfg.user, fail, orders, customers, display: displayName,
  margin: () => company.settings.clock_skew_minutes ?? 10,
});
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
function companyView(): Json {
  const years: Record<number, Json> = {};
  for (const [date, day] of Object.entries(company.settings.calendar) as [string, Json][]) {
    const year = Number(date.slice(0, 4));
    const y = years[year] ??= { year, holidays: 0, makeup_workdays: 0, source: company.settings.calendar_sources[String(year)] ?? '' };
    if (day.kind === 'holiday') y.holidays++;
    else y.makeup_workdays++;
  }
  company.years = Object.values(years).sort((a, b) => a.year - b.year);
  return JSON.parse(JSON.stringify(company));
}
/** Core's warehouse-list rules: codes `[a-z0-9-]{1,20}` once each, names 1–20 characters, none in force removed. */
function checkWarehouses(list: { code: string; name: string }[]) {
  const ws = list.map((w) => ({ code: w.code.trim(), name: w.name.trim() }));
  for (const [i, w] of ws.entries()) {
    if (!/^[a-z0-9-]{1,20}$/.test(w.code)) fail('invalid', `warehouse: code ${JSON.stringify(w.code)} must be 1 to 20 of a-z, 0-9 and -`);
    if (ws.slice(0, i).some((o) => o.code === w.code)) fail('invalid', `warehouse: code ${JSON.stringify(w.code)} is listed twice`);
    if (![...w.name].length || [...w.name].length > 20) fail('invalid', `warehouse: the name of ${JSON.stringify(w.code)} must be 1 to 20 characters`);
  }
  const inForce = company.settings.warehouses?.length ? company.settings.warehouses : [{ code: 'main', name: '总库' }];
  const gone = inForce.find((o: Json) => !ws.some((w) => w.code === o.code));
  if (gone) fail('invalid', `warehouse: ${gone.code} (${gone.name}) cannot be removed: parts keep stock there`);
}
function officeOnly() {
  if (cfg.role !== 'office') fail('forbidden', `only the office changes the company settings, not a ${cfg.role}`);
}
function saved() {
  company.saved = true;
  company.settings.updated_at = iso(Date.now());
  company.settings.updated_by = cfg.user;
  changed();
  return companyView();
}
const isDate = (d: unknown) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`))
  && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
/** A calendar file checked as core checks it: the problem naming the entry, or the days by date. */
function parseCalendar(text: string): { problem?: Json; days?: Record<string, Json>; weekend?: string[]; source?: string } {
  let raw: Json;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { problem: { kind: 'not_json', detail: String((e as Error).message) } };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problem: { kind: 'not_json', detail: 'expected a map' } };
  let weekend: string[] | undefined;
  if (raw.weekend) {
    const bad = raw.weekend.find((w: string) => !WEEKDAYS.includes(String(w).trim().slice(0, 3).toLowerCase()));
    if (bad !== undefined) return { problem: { kind: 'bad_weekday', entry: bad } };
    weekend = WEEKDAYS.filter((d) => raw.weekend.some((w: string) => String(w).trim().slice(0, 3).toLowerCase() === d));
    if (weekend.length === 7) return { problem: { kind: 'whole_week' } };
  }
  const days: Record<string, Json> = {};
  for (const [list, kind] of [['holidays', 'holiday'], ['makeup_workdays', 'workday']] as const) {
    for (const [i, e] of (raw[list] ?? []).entries()) {
      const date = typeof e === 'string' ? e : e?.date;
      if (!isDate(date)) return { problem: { kind: 'bad_date', list, index: i + 1, entry: String(date) } };
      if (days[date] && days[date].kind !== kind) return { problem: { kind: 'conflict', date } };
      days[date] = { kind, name: typeof e === 'string' ? '' : (e.name ?? '') };
    }
  }
  if (Object.keys(days).length === 0) return { problem: { kind: 'no_days' } };
  return { days, weekend, source: raw.source ?? '' };
}

// ---------------------------------------------------------------- follow-ups, surveys, visits (fake-care.ts)
const care = careFake({ cfg, orders, customers, blankWo, fail, changed, displayName, zone: () => company.settings.time_zone });
// ---------------------------------------------------------------- customers
/** The day of `ms` in the company's zone, `YYYY-MM-DD`. */
function companyDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: company.settings.time_zone }).format(new Date(ms));
}
const customerCtx = {
  role: () => cfg.role, fail, changed, today: () => companyDay(Date.now()),
  visibleCustomerIds: () => orders.filter((w) => cfg.role === 'office' || w.assignee === cfg.user).map((w) => w.customer_id),
};

// ---------------------------------------------------------------- the parts warehouse (fake-warehouse.ts)
// The demo company keeps a main store and a branch store.
company.settings.warehouses = [{ code: 'main', name: '总库' }, { code: 'branch', name: '分库' }];
const store = warehouseFake({
  role: () => cfg.role, user: () => cfg.user, fail, changed, pickups,
  warehouses: () => company.settings.warehouses ?? [], woNumber: (id) => orders.find((w) => w.id === id)?.number ?? '',
});
// Parts engineers picked days ago: 杨金伟's awaiting confirmation, 王强's confirmed with one unit returned (awaiting).
store.seedPickup({ id: 'pickup:s1', part_id: 'part:PN-1001', qty: 2, serials: [], work_order_id: 'wo:095', engineer: 'yangjinwei', warehouse: 'main',
  picked_at: iso(T0 - 5 * DAY - 2 * HOUR), used: 0, returned: 0, confirmed: null, return_confirmed: null });
store.seedPickup({ id: 'pickup:s2', part_id: 'part:PN-2040', qty: 3, serials: [], work_order_id: 'wo:093', engineer: 'wang', warehouse: 'branch',
  picked_at: iso(T0 - 2 * DAY - 3 * HOUR), used: 0, returned: 1, return_confirmed: null,
  confirmed: { by: 'store-liu', at: iso(T0 - 2 * DAY), claimed: 3, counted: 3 } });

// ---------------------------------------------------------------- contracts, planned visits, loaners (fake-contracts.ts)
const contracts = contractsFake({
  role: () => cfg.role, user: () => cfg.user, fail, changed, orders, customers, blankWo, settings: () => company.settings,
  today: () => companyDay(Date.now()), find, view,
});
Object.assign(customerCtx, { contractsOf: contracts.contractsOf, contractOf: contracts.contractOf });

// ---------------------------------------------------------------- photos (fake-photos.ts)
const photos = photosFake({ role: () => cfg.role, user: () => cfg.user, fail, find, editable, view, changed, orders });

// ---------------------------------------------------------------- commands
const commands: Record<string, (a: Json) => unknown> = {
  ...care.commands,
  session: () => ({ user: cfg.user, displayName: cfg.user === 'zhang' ? '张伟' : cfg.user === 'store-liu' ? '刘芳' : null, role: cfg.role, deviceSlot: 3, serverUrl: 'https://sync.example.cn', enrolled: true, language: cfg.language, timeZone: company.settings.time_zone }),
  list_work_orders: ({ filter }) => {
    const all = orders
      .filter((w) => cfg.role === 'office' || w.assignee === cfg.user)
      .filter((w) => !filter?.assignee || w.assignee === filter.assignee)
      .filter((w) => !filter?.unassigned || !w.assignee)
      .filter((w) => !filter?.open_only || !isIn('final', w.status))
      .filter((w) => !filter?.statuses || filter.statuses.includes(w.status))
      .filter((w) => !filter?.customer_id || w.customer_id === filter.customer_id)
      .sort(filter?.newest_first ? (a, b) => Date.parse(b.reported_at) - Date.parse(a.reported_at) : listOrder);
    const from = filter?.offset ?? 0;
    return { items: all.slice(from, from + (filter?.limit ?? 50)).map(listItem), total: all.length };
  },
  get_work_order: ({ id }) => view(find(id)),
  act: ({ id, action }) => act(find(id), action),
  assign: ({ id, engineer }) => {
    const w = find(id);
    const v = act(w, 'assign');
    w.assignee = engineer;
    return { ...v, wo: { ...v.wo, assignee: engineer } };
  },
  update_order: ({ id, patch }) => {
    const w = find(id);
    editable(w);
    if (isIn('final', w.status)) fail('illegal_transition', `cannot edit the work order: work order ${w.number} is ${w.status}`);
    if (patch.priority && cfg.role !== 'office') fail('forbidden', `a ${cfg.role} may not change a work order's priority`);
    if (patch.fault !== undefined && !patch.fault.trim()) fail('invalid', 'the reported fault cannot be empty');
    if (patch.estimate_fen !== undefined && patch.estimate_fen < 0) fail('invalid', `the estimated price cannot be negative (${patch.estimate_fen})`);
    for (const k of ['priority', 'fault', 'repair_items', 'estimate_fen', 'appointment', 'visit_needed']) {
      if (patch[k] !== undefined && patch[k] !== null) w[k] = patch[k];
    }
    changed();
    return view(w);
  },
  update_service: ({ id, patch }) => {
    const w = find(id);
    editable(w);
    Object.assign(w.service, patch);
    w.conflicts = w.conflicts.filter((c: Json) => !(c.field.replace('service.', '') in patch));
    changed();
    return view(w);
  },
  add_note: ({ id, text }) => {
    const w = find(id);
    const chars = [...text.trim()].length;
    if (chars > tables.note_max_chars) fail('invalid', `the note is ${chars} characters long; at most ${tables.note_max_chars} are allowed`);
    w.notes.push({ at: iso(Date.now()), by: cfg.user, role: cfg.role, text });
    changed();
    return view(w);
  },
  set_charge_override: ({ id, amountFen, reason }) => {
    const w = find(id);
    editable(w);
    if (!reason?.trim()) fail('invalid', 'a reason is required');
    w.charge_override = { amount_fen: amountFen, reason, by: cfg.user, at: iso(Date.now()) };
    changed();
    return view(w);
  },
  pickup_parts: ({ workOrderId, partId, qty, serials, warehouse }) => {
    const w = find(workOrderId);
    editable(w);
    const id = `pickup:${pickupSeq++}`;
    const { part: s, warehouse: code } = store.pick(partId, warehouse, qty, id, w.id);
    pickups.push({ id, part_id: partId, part_no: s.part_no, name: s.name, qty, serials, work_order_id: w.id, engineer: cfg.user, warehouse: code,
      picked_at: iso(Date.now()), used: 0, returned: 0, unit_cost_fen: s.unit_cost_fen, standard_price_fen: s.standard_price_fen, confirmed: null, return_confirmed: null });
    changed();
    return view(w);
  },
  mark_part: ({ pickupId, used, returned }) => {
    const p = pickups.find((x) => x.id === pickupId);
    if (!p) fail('not_found', `no pickup ${pickupId}`);
    const w = find(p.work_order_id);
    editable(w);
    if (used + returned > p.qty) fail('invalid', 'used + returned exceeds the quantity picked');
    store.moveReturn(p, returned - p.returned);
    p.used = used;
    p.returned = returned;
    w.parts_used = pickups.filter((x) => x.work_order_id === w.id && x.used > 0).map((x) => ({
      pickup_id: x.id, part_no: x.part_no, name: x.name, qty: x.used, unit_cost_fen: x.unit_cost_fen, standard_price_fen: x.standard_price_fen }));
    changed();
    return view(w);
  },
  sign: ({ id, input }) => {
    const w = find(id);
    if (blockers(w).length) fail('sign_blocked', 'parts outstanding');
    for (const s of input.strokes ?? []) if (!/^\d+,\d+( \d+,\d+)*$/.test(s)) fail('invalid', `bad stroke ${s}`);
    if (inkProblem(input.strokes ?? [], INK)) fail('signature_too_short', 'the signature is too short');
    const v = act(w, 'sign');
    w.signoff = { signer: input.signer, signed_at: iso(Date.now()), opinion: input.opinion, satisfaction: input.satisfaction,
      matches_agreed_items: input.matches_agreed_items, strokes: input.strokes, charges_json: JSON.stringify(v.charges), content_hash: '' };
    w.signoff.content_hash = hashOf(w);
    (window as Json).__onsiteLastStrokes = input.strokes;
    return view(w);
  },
  list_to_file: () => orders.filter((w) => isIn('to_file', w.status) && (cfg.role === 'office' || w.assignee === cfg.user)).map(listItem),
  export_signed: ({ id }) => ({ path: `/home/${cfg.user}/.local/share/onsite/exports/${find(id).number}.onsite` }),
  export_pdf: ({ id }) => ({ path: `/home/${cfg.user}/Documents/${find(id).number}.pdf` }),
  import_signed: ({ name, data }) => {
    const bytes = bytesOfBase64(data, fail);
    if (bytes.length === 0) fail('not_a_record', `${name} is empty: not a signed record`);
    // Automerge's magic bytes, as core checks them.
    if (![0x85, 0x6f, 0x4a, 0x83].every((b, i) => bytes[i] === b)) {
      fail('not_a_record', `${name}: the file is not a work-order document: unable to parse chunk: failed to parse header: Invalid magic bytes`);
    }
    const w = orders.find((o) => isIn('to_file', o.status) && name.includes(o.number));
    if (!w) fail('not_found', `nothing to import in ${name}`);
    // Merged, not filed: the server files it when the office syncs (core's import_signed).
    return view(w);
  },
  ...customerCommands(customerCtx),
  list_engineers: () => engineers,
  list_experts: () => experts,
  ask_expert: ({ id, expert }) => {
    const w = find(id);
    if (cfg.role !== 'office' && w.assignee !== cfg.user) fail('forbidden', 'only the office or the assigned engineer asks an expert');
    if (!w.experts.includes(expert)) w.experts.push(expert);
    changed();
    return view(w);
  },
  create_work_order: ({ input }) => {
    const c = customers.find((x) => x.id === input.customer_id) ?? { id: null, ...input.customer, equipment: [] };
    // A registered instrument is taken as stored (core's create_work_order); a typed one may be registered.
    const equipment = woEquipment(storedEquipment(input.customer_id, input.equipment.serial) ?? input.equipment);
    if (input.save_equipment) registerEquipment(customerCtx, input.customer_id, input.equipment, input.customer.site_address);
    const reported = input.reported_at ? Date.parse(input.reported_at) : Date.now();
    // A new order starts at the first status of the lifecycle.
    const k = contracts.covering(input.customer_id ?? null, equipment.serial, companyDay(reported));
    const w = blankWo({ id: `wo:${++seq}`, number: `WO-2026-03-000${seq}`, status: tables.statuses[0], priority: input.priority,
      customer: { ...c, ...input.customer, equipment: [equipment] }, reported, fault: input.fault, items: input.repair_items,
      estimate: input.estimate_fen, appointment: input.appointment, tier: tierOn(equipment, companyDay(reported)) ?? 'out_of_warranty' });
    w.visit_needed = input.visit_needed;
    w.contract_id = k?.id ?? null;
    orders.unshift(w);
    changed();
    return view(w);
  },
  save_draft: ({ key, value }) => {
    writeDrafts({ ...drafts(), [key]: { key, value, updated_at: iso(Date.now()) } });
    return null;
  },
  load_draft: ({ key }) => drafts()[key] ?? null,
  discard_draft: ({ key }) => {
    const d = drafts();
    delete d[key];
    writeDrafts(d);
    return null;
  },
  list_drafts: () => Object.values(drafts()).sort((a, b) => b.updated_at.localeCompare(a.updated_at)),
  ui_ready: () => null,
  sync_status: () => syncStatus(),
  sync_now: () => {
    online = true;
    // A long sync shows how far it has come (SyncStatus.progress).
    void emit('sync://status', { ...syncStatus(), state: 'syncing', progress: { received: 120, total: 300 } });
    const now = iso(Date.now());
    for (const w of orders) {
      const to = next(w.status, 'file', null);
      if (to) {
        w.filing = { received_at: now, content_hash: w.signoff.content_hash, via: 'sync' };
        w.history.push({ from: w.status, to, action: 'file', at: now, by: 'server' });
        w.status = to;
      }
    }
    pending = 0;
    photos.uploaded();
    lastSuccess = now;
    changesReceived += 1;
    setTimeout(() => {
      void emit('sync://status', syncStatus());
      void emit('docs://changed', null);
    }, 50);
    return { ...syncStatus(), state: 'syncing', progress: { received: 120, total: 300 } };
  },
  company_settings: () => companyView(),
  save_company_settings: ({ input }) => {
    officeOnly();
    if (!input.company_name.trim()) fail('invalid', 'the company name must be 1 to 100 characters');
    try {
      new Intl.DateTimeFormat('en', { timeZone: input.time_zone });
    } catch {
      fail('invalid', `"${input.time_zone}" is not a time zone name (use an IANA name such as Asia/Shanghai)`);
    }
    if (input.weekend.length === 7) fail('invalid', 'weekend: the weekend cannot cover the whole week');
    if (!(input.due_soon_percent >= 1 && input.due_soon_percent <= 99)) fail('invalid', `the due-soon share must be 1 to 99 percent, not ${input.due_soon_percent}`);
    const [a, b, c] = [input.in_warranty_months, input.extended1_until_months, input.extended2_until_months];
    if (!(a >= 1 && a < b && b < c && c <= 600)) fail('invalid', `the warranty tiers must end in increasing months, not ${a}, ${b}, ${c}`);
    if (input.warehouses != null) checkWarehouses(input.warehouses);
    if (input.loaners != null) contracts.checkLoaners(input.loaners);
    const skew = input.clock_skew_minutes;
    if (skew != null && !(Number.isInteger(skew) && skew >= 1 && skew <= 1440)) fail('invalid', `clock_skew_minutes: the clock-skew margin must be 1 to 1440 minutes, not ${skew}`);
    const next = JSON.parse(JSON.stringify(input));
    if (next.clock_skew_minutes == null) delete next.clock_skew_minutes;
    if (next.loaners == null) delete next.loaners;
    else next.loaners = next.loaners.map((u: Json) => ({ model: u.model.trim(), serial: u.serial.trim(), retired: !!u.retired }));
    if (next.warehouses == null) delete next.warehouses;
    else next.warehouses = next.warehouses.map((w: Json) => ({ code: w.code.trim(), name: w.name.trim() }));
    Object.assign(company.settings, { ...next, company_name: input.company_name.trim() });
    return saved();
  },
  import_calendar: ({ text }) => {
    officeOnly();
    const f = parseCalendar(text);
    if (f.problem) return { view: null, problem: f.problem, years: [] };
    const years = [...new Set(Object.keys(f.days!).map((d) => d.slice(0, 4)))].sort();
    const cal = company.settings.calendar;
    for (const d of Object.keys(cal)) if (years.includes(d.slice(0, 4))) delete cal[d];
    Object.assign(cal, f.days);
    for (const y of years) company.settings.calendar_sources[y] = f.source;
    if (f.weekend) company.settings.weekend = f.weekend;
    return { view: saved(), problem: null, years: years.map(Number) };
  },
  remove_calendar_year: ({ year }) => {
    officeOnly();
    const cal = company.settings.calendar;
    for (const d of Object.keys(cal)) if (d.startsWith(`${year}-`)) delete cal[d];
    delete company.settings.calendar_sources[String(year)];
    return saved();
  },
  get_settings: () => ({ serverUrl: 'https://sync.example.cn', enrolled: true, language: cfg.language, deviceSlot: 3 }),
  enroll: ({ serverUrl, token }) => {
    // What core answers for a server out of reach and for a revoked token.
    if (serverUrl.includes('10.0.0.9')) {
      fail('offline', `the sync server ${serverUrl} cannot be reached: error sending request for url (${serverUrl}/v1/me): client error (Connect): tcp connect error: Connection refused (os error 111)`);
    }
    if (token === 'revoked') fail('enroll_failed', 'the server does not accept this token (wrong, or the device was revoked)');
    return { serverUrl, enrolled: true, language: cfg.language, deviceSlot: 3 };
  },
  set_language: ({ language }) => {
    cfg.language = language;
    return { serverUrl: 'https://sync.example.cn', enrolled: true, language, deviceSlot: 3 };
  },
};

Object.assign(commands, store.commands);
Object.assign(commands, contracts.commands);
Object.assign(commands, dispatchCommands({
  role: () => cfg.role, user: () => cfg.user, orders, engineers, listItem, listOrder, nextDue, displayName, companyDay, fail,
}));
Object.assign(commands, complaintCommands({
  role: () => cfg.role, user: () => cfg.user, zone: () => company.settings.time_zone, fail, changed, customers, orders,
}));
Object.assign(commands, history.commands);
Object.assign(commands, photos.commands);
Object.assign(commands, statsCommands({ role: () => cfg.role, user: () => cfg.user, zone: () => company.settings.time_zone, fail }));

/** Every command the app called, in order (the tests read it). */
const calls: { cmd: string; args: Json }[] = [];
(window as Json).__onsiteCalls = calls;

mockIPC((cmd, args) => {
  calls.push({ cmd, args });
  const f = commands[cmd];
  if (!f) fail('internal', `fake backend: unknown command ${cmd}`);
  return f(args ?? {});
}, { shouldMockEvents: true });

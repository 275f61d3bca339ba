/**
 * The fake backend's customers (issue 13): the seeded customers in core's
 * document shape, and the commands `list_customers`, `get_customer`,
 * `create_customer`, `edit_customer` as core answers them — a page of rows
 * by organisation matching every search word, the view with each
 * instrument's tier today (the company settings' tier boundaries, counted
 * as core counts them), one edit at a time with core's refusals (a serial
 * number once per customer: `duplicate_serial`; the office only). Also what
 * `create_work_order` takes from a registered instrument. Used by
 * fake-backend.ts; never part of the app bundle.
 */
import companyDefaults from '../src/bindings/company-defaults.json';
import type { ErrorCode } from '../src/bindings/ErrorCode';
import { addMonths } from '../src/zone';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the customer commands need from the rest of the fake. */
export interface Ctx {
  role: () => string;
  fail: (code: ErrorCode, message: string) => never;
  changed: () => void;
  /** The customer ids of the work orders the signed-in user may see. */
  visibleCustomerIds: () => string[];
  /** Today in the company's zone, `YYYY-MM-DD`. */
  today: () => string;
  /** The customer's contracts (fake-contracts.ts), as `ContractSummary`s with their state. */
  contractsOf?: (customerId: string) => Json[];
  /** The contract covering an instrument (its serial listed, or the one it names), the running one first. */
  contractOf?: (customerId: string, e: Json) => Json | null;
}

/** Today in the company's zone minus `months` months: the seeded acceptance dates stay in their tiers whenever the tests run. */
function monthsAgo(months: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: companyDefaults.settings.time_zone }).format(new Date());
  return periodLastDay(today, -months);
}

/** The seeded customers: 华东 a key customer with two sites and two contacts, its GC in its 3rd year after warranty; 江南's ICP in warranty. */
export const customers: Json[] = [
  {
    id: 'cust:1', org: '华东计量检测中心', key_customer: true,
    sites: [{ id: 's-1', name: '', address: '上海市徐汇区漕宝路 88 号' }, { id: 's-2', name: '二号实验楼', address: '上海市闵行区江川路 1 号' }],
    contacts: [{ id: 'k-1', name: '刘主任', phones: ['021-5555 0101'] }, { id: 'k-2', name: '孙工', phones: ['13800000101'] }],
    equipment: [{ serial: 'SN-A1-2201', model: 'GC-9800 气相色谱仪', accepted_on: monthsAgo(46), original_end_user: true, contract_id: null, site_id: 's-1' }],
  },
  {
    id: 'cust:2', org: '江南环境监测站', key_customer: false,
    sites: [{ id: 's-1', name: '', address: '苏州市工业园区星湖街 9 号' }],
    contacts: [{ id: 'k-1', name: '周工', phones: ['0512-6666 0202'] }],
    equipment: [{ serial: 'SN-B7-1180', model: 'ICP-5100 光谱仪', accepted_on: monthsAgo(5), original_end_user: true, contract_id: null, site_id: 's-1' }],
  },
].map(withMirrors);

/** The single fields older readers know, from the first site and contact (core's ops). */
function withMirrors(c: Json): Json {
  c.site_address = c.sites[0]?.address ?? '';
  c.contact = c.contacts[0]?.name ?? '';
  c.phone = c.contacts[0]?.phones[0] ?? '';
  c.last_survey_at ??= null;
  c.last_visit_at ??= null;
  return c;
}

// ---------------------------------------------------------------- tiers
/** The last day of a period of `months` months from `day` (the Civil Code's count, core's `period_last_day`): zone.ts's month arithmetic. */
function periodLastDay(day: string, months: number): string {
  return addMonths(day, months);
}

/** The tier of a call on `day` for an instrument (core's `rules::tier`, boundaries from the company settings). */
export function tierOn(e: Json, day: string): string | null {
  if (!e.accepted_on) return null;
  if (!e.original_end_user) return 'out_of_warranty';
  const s = companyDefaults.settings;
  const bounds: [number, string][] = [[s.in_warranty_months, 'in_warranty'], [s.extended1_until_months, 'extended1'], [s.extended2_until_months, 'extended2']];
  const hit = bounds.find(([months]) => day <= periodLastDay(e.accepted_on, months));
  return hit ? hit[1] : 'out_of_warranty';
}

// ---------------------------------------------------------------- views
function search(c: Json): string {
  const phones = c.contacts.flatMap((k: Json) => k.phones.flatMap((p: string) => [p, p.replace(/\D/g, '')]));
  return [c.org, ...c.sites.flatMap((s: Json) => [s.name, s.address]), ...c.contacts.map((k: Json) => k.name), ...phones,
    ...c.equipment.flatMap((e: Json) => [e.model, e.serial])].join('\n').toLowerCase();
}

function row(c: Json): Json {
  return { id: c.id, org: c.org, key_customer: c.key_customer, site_name: c.sites[0]?.name ?? '', site_address: c.site_address, sites: c.sites.length,
    contact: c.contact, phone: c.phone, equipment: c.equipment.length };
}

function view(ctx: Ctx, c: Json): Json {
  const today = ctx.today();
  return JSON.parse(JSON.stringify({
    customer: c, sites: c.sites, contacts: c.contacts, contracts: ctx.contractsOf?.(c.id) ?? [], editable: ctx.role() === 'office',
    equipment: c.equipment.map((e: Json) => ({ ...e, contract: ctx.contractOf?.(c.id, e) ?? null, tier_today: tierOn(e, today), in_warranty_until: e.accepted_on ? periodLastDay(e.accepted_on, companyDefaults.settings.in_warranty_months) : null })),
  }));
}

function find(ctx: Ctx, id: string): Json {
  const c = customers.find((x) => x.id === id);
  if (!c || (ctx.role() !== 'office' && !ctx.visibleCustomerIds().includes(id))) ctx.fail('not_found', `document ${id} not found`);
  return c;
}

// ---------------------------------------------------------------- edits
let seq = 100;
const sameSerial = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function saveEquipment(ctx: Ctx, c: Json, old: string | null, e: Json) {
  if (!e.serial.trim()) ctx.fail('invalid', 'equipment needs a serial number');
  if (!e.model.trim()) ctx.fail('invalid', `equipment ${e.serial} needs a model`);
  if (e.accepted_on && e.accepted_on > ctx.today()) ctx.fail('invalid', `the acceptance date ${e.accepted_on} of equipment ${e.serial} is in the future`);
  const i = old === null ? -1 : c.equipment.findIndex((x: Json) => sameSerial(x.serial, old));
  if (old !== null && i < 0) ctx.fail('not_found', `${c.org} has no equipment with serial number ${old}`);
  const dup = c.equipment.findIndex((x: Json) => sameSerial(x.serial, e.serial));
  if (dup >= 0 && dup !== i) ctx.fail('duplicate_serial', `${c.org} already has equipment with serial number ${e.serial.trim()}`);
  const stored = { ...e, serial: e.serial.trim(), model: e.model.trim() };
  if (i >= 0) c.equipment[i] = stored;
  else c.equipment.push(stored);
}

function apply(ctx: Ctx, c: Json, edit: Json) {
  switch (edit.kind) {
    case 'details':
      if (!edit.org.trim()) ctx.fail('invalid', "the customer's organisation is required");
      Object.assign(c, { org: edit.org.trim(), key_customer: edit.key_customer });
      break;
    case 'save_site': {
      const s = { id: edit.site.id ?? `s-${++seq}`, name: edit.site.name.trim(), address: edit.site.address.trim() };
      if (!s.name && !s.address) ctx.fail('invalid', 'a site needs a name or an address');
      const i = c.sites.findIndex((x: Json) => x.id === s.id);
      if (i >= 0) c.sites[i] = s;
      else c.sites.push(s);
      break;
    }
    case 'remove_site':
      if (c.equipment.some((e: Json) => e.site_id === edit.id)) ctx.fail('invalid', 'the site still has equipment: move or remove it first');
      c.sites = c.sites.filter((x: Json) => x.id !== edit.id);
      break;
    case 'save_contact': {
      const k = { id: edit.contact.id ?? `k-${++seq}`, name: edit.contact.name.trim(), phones: edit.contact.phones.map((p: string) => p.trim()).filter(Boolean) };
      if (!k.name && k.phones.length === 0) ctx.fail('invalid', 'a contact needs a name or a phone number');
      const i = c.contacts.findIndex((x: Json) => x.id === k.id);
      if (i >= 0) c.contacts[i] = k;
      else c.contacts.push(k);
      break;
    }
    case 'remove_contact':
      c.contacts = c.contacts.filter((x: Json) => x.id !== edit.id);
      break;
    case 'save_equipment':
      saveEquipment(ctx, c, edit.serial, edit.equipment);
      break;
    case 'remove_equipment':
      c.equipment = c.equipment.filter((x: Json) => !sameSerial(x.serial, edit.serial));
      break;
    default:
      ctx.fail('invalid', `unknown edit ${edit.kind}`);
  }
  withMirrors(c);
}

function officeOnly(ctx: Ctx) {
  if (ctx.role() !== 'office') ctx.fail('forbidden', `only the office changes customers, not a ${ctx.role()}`);
}

/** The stored instrument a new order names (by serial), to take as stored, as core's `create_work_order` does. */
export function storedEquipment(customerId: string | null, serial: string): Json | null {
  const c = customers.find((x) => x.id === customerId);
  return c?.equipment.find((e: Json) => serial.trim() && sameSerial(e.serial, serial)) ?? null;
}

/** A new order's `save_equipment`: its typed instrument registered with the customer, at the site the call names. */
export function registerEquipment(ctx: Ctx, customerId: string | null, e: Json, siteAddress: string) {
  const c = customers.find((x) => x.id === customerId);
  if (!c || storedEquipment(customerId, e.serial)) return;
  const site = c.sites.find((s: Json) => s.address && s.address === siteAddress.trim());
  saveEquipment(ctx, c, null, { ...e, contract_id: null, site_id: site?.id ?? null });
}

/** The customer commands of docs/ipc.md. */
export function customerCommands(ctx: Ctx): Record<string, (a: Json) => unknown> {
  return {
    list_customers: ({ filter }) => {
      const words = String(filter?.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const all = customers
        .filter((c) => ctx.role() === 'office' || ctx.visibleCustomerIds().includes(c.id))
        .filter((c) => words.every((w) => search(c).includes(w)))
        .filter((c) => !filter?.key_only || c.key_customer)
        .sort((a, b) => (a.org < b.org ? -1 : a.org > b.org ? 1 : 0));
      const from = filter?.offset ?? 0;
      return { items: all.slice(from, from + (filter?.limit ?? 50)).map(row), total: all.length };
    },
    get_customer: ({ id }) => view(ctx, find(ctx, id)),
    create_customer: ({ input }) => {
      officeOnly(ctx);
      if (!input.org?.trim()) ctx.fail('invalid', "the customer's organisation is required");
      const c: Json = { id: `cust:${customers.length + 1}`, org: input.org.trim(), key_customer: !!input.key_customer, equipment: [],
        sites: input.site_address?.trim() ? [{ id: `s-${++seq}`, name: '', address: input.site_address.trim() }] : [],
        contacts: input.contact?.trim() || input.phone?.trim() ? [{ id: `k-${++seq}`, name: input.contact?.trim() ?? '', phones: [input.phone?.trim()].filter(Boolean) }] : [] };
      for (const e of input.equipment ?? []) saveEquipment(ctx, c, null, e);
      customers.push(withMirrors(c));
      ctx.changed();
      return view(ctx, c);
    },
    edit_customer: ({ id, edit }) => {
      officeOnly(ctx);
      const c = find(ctx, id);
      const copy = JSON.parse(JSON.stringify(c));
      apply(ctx, copy, edit); // refused: nothing changed
      Object.assign(c, copy);
      ctx.changed();
      return view(ctx, c);
    },
  };
}

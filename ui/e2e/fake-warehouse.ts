/**
 * The fake backend's parts warehouse (issue 14; core's catalogue, stock
 * per warehouse, movements and confirmations): the catalogue with its
 * counters per warehouse and every movement, goods received, stocktakes,
 * the storekeeper's confirmations of pickups and returns, and the parts
 * engineers hold. Merged into the commands of fake-backend.ts, which keeps
 * the pickups (a work order's lines) and calls `pick` / `moveReturn` from
 * `pickup_parts` / `mark_part`.
 *
 * The same rules as core: bad input is `invalid` with a message naming the
 * field and stores nothing; a duplicate part number, a retired part and an
 * unknown warehouse are refused; only the office and the storekeeper keep
 * the catalogue and confirm; an engineer sees their own outstanding parts.
 */
import type { ConfirmState } from '../src/types';
import type { FakeUser } from './fake-shared';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface WarehouseCtx extends FakeUser {
  changed: () => void;
  /** The company settings' warehouses (`[]`: the one default). */
  warehouses: () => { code: string; name: string }[];
  /** The fake's pickups (fake-backend.ts owns them). */
  pickups: Json[];
  /** A work order's number, by id. */
  woNumber: (id: string) => string;
}

const DAY = 24 * 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
let moveSeq = 1;

/** Part documents: the catalogue fields, the counters per warehouse (`stock`) and the movements (`moves`, oldest first). */
export const parts: Json[] = [
  part('PN-1001', '氘灯光源模块', '个', 85000, 128000, 2, { main: 6, branch: 3 }),
  part('PN-2040', '进样口密封圈套件', '套', 4500, 9000, 2, { main: 2, branch: 10 }),
  part('PN-3300', '主控板', '块', 320000, 450000, 1, { main: -1, branch: 1 }),
  part('PN-4410', '雾化器', '个', 62000, 98000, 1, { main: 4, branch: 0 }),
  part('PN-0900', '旧型号泵头', '个', 30000, 52000, 0, { main: 1, branch: 0 }, true),
];

function part(no: string, name: string, unit: string, cost: number, price: number, low: number, stock: Record<string, number>, retired = false): Json {
  const at = iso(Date.now() - 30 * DAY);
  const moves = Object.entries(stock).filter(([, q]) => q !== 0).map(([warehouse, qty]) => ({
    id: `m${moveSeq++}`, kind: qty > 0 ? 'received' : 'pickup', warehouse, qty, counted: null, reason: qty > 0 ? '期初库存' : '',
    by: 'store-liu', at, pickup_id: null, work_order_id: null, work_order_no: null,
  }));
  return { id: `part:${no}`, part_no: no, name, unit, unit_cost_fen: cost, standard_price_fen: price, low_threshold: low, retired, stock: { ...stock }, moves };
}

const level = (qty: number, low: number) => (qty < 0 ? 'negative' : qty <= low ? 'low' : 'ok');
const catalogue = (p: Json) => ({ id: p.id, part_no: p.part_no, name: p.name, unit: p.unit, unit_cost_fen: p.unit_cost_fen,
  standard_price_fen: p.standard_price_fen, low_threshold: p.low_threshold, retired: p.retired });

/** A pickup's confirmation state (core's rule). */
export function pickupState(p: Json): ConfirmState {
  if (!p.confirmed) return 'awaiting';
  return p.confirmed.counted !== p.confirmed.claimed ? 'disputed' : 'confirmed';
}
/** A return's confirmation state (core's rule). */
export function returnState(p: Json): ConfirmState {
  if (!p.returned) return 'none';
  const c = p.return_confirmed;
  if (!c || c.claimed < p.returned) return 'awaiting';
  return c.counted !== c.claimed ? 'disputed' : 'confirmed';
}

export function warehouseFake(c: WarehouseCtx) {
  const ws = () => (c.warehouses().length ? c.warehouses() : [{ code: 'main', name: '总库' }]);
  const keeper = (what: string) => {
    if (c.role() !== 'office' && c.role() !== 'storekeeper') c.fail('forbidden', `only the office or the storekeeper ${what}, not a ${c.role()}`);
  };
  const find = (id: string): Json => parts.find((p) => p.id === id) ?? c.fail('not_found', `no part ${id}`);
  const warehouse = (code: string | null | undefined): string => {
    const w = code ?? 'main';
    if (!ws().some((x) => x.code === w)) c.fail('invalid', `warehouse: no warehouse "${w}" (known: ${ws().map((x) => x.code).join(', ')})`);
    return w;
  };
  const active = (p: Json) => {
    if (p.retired) c.fail('invalid', `part: ${p.part_no} is retired (停用); reactivate it first`);
  };
  const int = (field: string, v: Json, min: number, what: string) => {
    if (!Number.isInteger(v) || v < min) c.fail('invalid', `${field}: ${what} (${v})`);
    return v as number;
  };
  const view = (p: Json) => ({
    part: catalogue(p),
    stock: ws().map((w) => ({ warehouse: w.code, warehouse_name: w.name, qty: p.stock[w.code] ?? 0, level: level(p.stock[w.code] ?? 0, p.low_threshold) })),
    moves: [...p.moves].reverse(),
  });
  const move = (p: Json, m: Json) => {
    p.stock[m.warehouse] = (p.stock[m.warehouse] ?? 0) + m.qty;
    p.moves.push({ id: `m${moveSeq++}`, counted: null, reason: '', by: c.user(), at: iso(Date.now()), pickup_id: null, work_order_id: null, work_order_no: null, ...m });
  };
  /** A movement the storekeeper (`doing` it) records on an active part in warehouse `code`; `entry` checks the input and says what moved. */
  const stockMove = (doing: string, partId: string, code: string | null | undefined, entry: (p: Json, w: string) => Json) => {
    keeper(doing);
    const p = find(partId);
    const w = warehouse(code);
    active(p);
    move(p, { warehouse: w, ...entry(p, w) });
    c.changed();
    return view(p);
  };
  /** A pickup as the lists show it (`PickupRow`). */
  const row = (p: Json) => ({
    id: p.id, work_order_id: p.work_order_id, part_id: p.part_id, part_no: p.part_no, name: p.name, warehouse: p.warehouse, qty: p.qty,
    used: p.used, returned: p.returned, engineer: p.engineer, picked_at: p.picked_at, serials: p.serials, work_order_no: c.woNumber(p.work_order_id),
    pickup_state: pickupState(p), return_state: returnState(p), confirmed_counted: p.confirmed?.counted ?? null, return_counted: p.return_confirmed?.counted ?? null,
  });
  const money = (field: string, v: Json, what: string) => int(field, v, 0, `${what} cannot be negative or a fraction of a fen`);
  const text = (field: string, v: Json, what: string) => {
    const s = String(v ?? '').trim();
    if (!s) c.fail('invalid', `${field}: ${what} cannot be empty`);
    return s;
  };
  const findPickup = (id: string): Json => c.pickups.find((x) => x.id === id) ?? c.fail('not_found', `no pickup ${id}`);

  /** `pickup_parts`' stock side: checks the part and the warehouse, moves the counter; returns what the pickup records. */
  function pick(partId: string, code: string | null | undefined, qty: number, pickupId: string, woId: string) {
    const p = find(partId);
    const w = warehouse(code);
    active(p);
    int('qty', qty, 1, 'at least one unit is picked up');
    move(p, { kind: 'pickup', warehouse: w, qty: -qty, pickup_id: pickupId, work_order_id: woId, work_order_no: c.woNumber(woId) });
    return { part: p, warehouse: w };
  }
  /** `mark_part`'s stock side: units returned (or un-returned) move the pickup's warehouse counter. */
  function moveReturn(pk: Json, delta: number) {
    if (delta === 0) return;
    move(find(pk.part_id), { kind: 'return', warehouse: pk.warehouse, qty: delta, pickup_id: pk.id, work_order_id: pk.work_order_id, work_order_no: c.woNumber(pk.work_order_id) });
  }

  const commands: Record<string, (a: Json) => unknown> = {
    list_warehouses: () => ws(),
    list_stock: ({ warehouse: code }) => {
      const only = code ? warehouse(code) : null;
      const rows = parts.flatMap((p) => ws().filter((w) => !only || w.code === only).map((w) => ({
        part_id: p.id, part_no: p.part_no, name: p.name, warehouse: w.code, qty: p.stock[w.code] ?? 0, low_threshold: p.low_threshold,
        unit_cost_fen: p.unit_cost_fen, standard_price_fen: p.standard_price_fen, level: level(p.stock[w.code] ?? 0, p.low_threshold),
        unit: p.unit, retired: p.retired,
      })));
      return rows.sort((a, b) => Number(a.retired) - Number(b.retired) || a.part_no.localeCompare(b.part_no));
    },
    add_part: ({ part: n }) => {
      keeper('keeps the parts catalogue');
      const no = text('part_no', n.part_no, 'the part number');
      if (parts.some((p) => p.part_no === no)) c.fail('invalid', `part_no: part number ${no} exists`);
      const name = text('name', n.name, 'the name');
      money('unit_cost_fen', n.unit_cost_fen, 'the unit cost');
      money('standard_price_fen', n.standard_price_fen, 'the standard price');
      int('low_threshold', n.low_threshold, 0, 'the low-stock threshold cannot be negative');
      const p = { id: `part:${no}`, part_no: no, name, unit: String(n.unit ?? '').trim(), unit_cost_fen: n.unit_cost_fen,
        standard_price_fen: n.standard_price_fen, low_threshold: n.low_threshold, retired: false,
        stock: Object.fromEntries(ws().map((w) => [w.code, 0])), moves: [] };
      parts.push(p);
      c.changed();
      return view(p);
    },
    edit_part: ({ partId, edit }) => {
      keeper('keeps the parts catalogue');
      const p = find(partId);
      const e = edit ?? {};
      const next: Json = {};
      if (e.name != null) next.name = text('name', e.name, 'the name');
      if (e.unit != null) next.unit = String(e.unit).trim();
      if (e.unit_cost_fen != null) next.unit_cost_fen = money('unit_cost_fen', e.unit_cost_fen, 'the unit cost');
      if (e.standard_price_fen != null) next.standard_price_fen = money('standard_price_fen', e.standard_price_fen, 'the standard price');
      if (e.low_threshold != null) next.low_threshold = int('low_threshold', e.low_threshold, 0, 'the low-stock threshold cannot be negative');
      if (e.retired != null) next.retired = !!e.retired;
      Object.assign(p, next);
      c.changed();
      return view(p);
    },
    receive_goods: ({ partId, warehouse: code, qty, reason }) => stockMove('records goods received', partId, code, () => {
      int('qty', qty, 1, 'the quantity received must be at least 1');
      return { kind: 'received', qty, reason: String(reason ?? '').trim() };
    }),
    stocktake: ({ partId, warehouse: code, counted, reason }) => stockMove('takes stock', partId, code, (p, w) => {
      int('counted', counted, 0, 'the counted quantity cannot be negative');
      const why = text('reason', reason, 'the reason for a stocktake');
      return { kind: 'stocktake', qty: counted - (p.stock[w] ?? 0), counted, reason: why };
    }),
    part_view: ({ partId }) => view(find(partId)),
    awaiting_confirmation: () => {
      keeper('confirms pickups');
      const open = (s: string) => s === 'awaiting' || s === 'disputed';
      return c.pickups.filter((p) => open(pickupState(p)) || open(returnState(p)))
        .sort((a, b) => a.picked_at.localeCompare(b.picked_at)).map(row);
    },
    confirm_pickup: ({ pickupId, counted }) => {
      keeper('confirms pickups');
      const p = findPickup(pickupId);
      int('counted', counted, 0, 'the counted quantity cannot be negative');
      p.confirmed = { by: c.user(), at: iso(Date.now()), claimed: p.qty, counted };
      c.changed();
      return row(p);
    },
    confirm_return: ({ pickupId, counted }) => {
      keeper('confirms returns');
      const p = findPickup(pickupId);
      if (!p.returned) c.fail('invalid', `pickupId: nothing of ${p.part_no} on this pickup is returned yet`);
      int('counted', counted, 0, 'the counted quantity cannot be negative');
      p.return_confirmed = { by: c.user(), at: iso(Date.now()), claimed: p.returned, counted };
      c.changed();
      return row(p);
    },
    outstanding_parts: () => c.pickups
      .filter((p) => p.qty - p.used - p.returned > 0)
      .filter((p) => c.role() === 'office' || c.role() === 'storekeeper' || p.engineer === c.user())
      .sort((a, b) => a.engineer.localeCompare(b.engineer) || a.picked_at.localeCompare(b.picked_at))
      .map((p) => ({ engineer: p.engineer, pickup: row(p), outstanding: p.qty - p.used - p.returned,
        age_days: Math.floor((Date.now() - Date.parse(p.picked_at)) / DAY) })),
  };

  /** Seeds pickups made days ago (moves included), as the demo data has them. */
  function seedPickup(pk: Json) {
    const p = find(pk.part_id);
    Object.assign(pk, { part_no: p.part_no, name: p.name, unit_cost_fen: p.unit_cost_fen, standard_price_fen: p.standard_price_fen });
    const wo = { pickup_id: pk.id, work_order_id: pk.work_order_id, work_order_no: c.woNumber(pk.work_order_id) };
    p.moves.push({ id: `m${moveSeq++}`, kind: 'pickup', warehouse: pk.warehouse, qty: -pk.qty, counted: null, reason: '', by: pk.engineer, at: pk.picked_at, ...wo });
    if (pk.returned) {
      p.moves.push({ id: `m${moveSeq++}`, kind: 'return', warehouse: pk.warehouse, qty: pk.returned, counted: null, reason: '', by: pk.engineer,
        at: iso(Date.parse(pk.picked_at) + DAY), ...wo });
    }
    c.pickups.push(pk);
  }

  return { commands, pick, moveReturn, seedPickup };
}

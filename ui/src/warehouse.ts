/**
 * The parts warehouse's small rules for the screens (issue 14): the
 * configured warehouses and their names, quantities as typed, and how a
 * confirmation state or a movement looks.
 */
import { ref } from 'vue';
import { api } from './api';
import { parseYuan } from './format';
import type { ConfirmState, Session, UserRole, Warehouse } from './types';

/** A whole number of at least `min` as typed ("3", " 12 "); null when it is not one. */
export function parseCount(text: string, min = 0): number | null {
  const s = String(text).trim();
  if (!/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) && n >= min ? n : null;
}

/** A signed movement quantity as read: "+3", "−2" (a true minus), "0". */
export function signedQty(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

/** The pill class of a confirmation state (awaiting: warn, disputed: bad, confirmed: done). */
export function stateTone(s: ConfirmState): string {
  return s === 'disputed' ? 'tone-bad' : s === 'awaiting' ? 'tone-warn' : s === 'confirmed' ? 'tone-done' : '';
}

/** Who keeps the catalogue and confirms pickups: the office and the storekeeper. */
export function keepsStock(role: UserRole | undefined): boolean {
  return role === 'office' || role === 'storekeeper';
}

/** The configured warehouses (loaded once per screen) and a code's name (the code itself when unknown). */
export function useWarehouses() {
  const warehouses = ref<Warehouse[]>([]);
  const loaded = api.listWarehouses().then((w) => { warehouses.value = w; return w; }).catch(() => [] as Warehouse[]);
  const nameOf = (code: string) => warehouses.value.find((w) => w.code === code)?.name ?? code;
  return { warehouses, loaded, nameOf };
}

/**
 * People by the name others know them by: the signed-in user's display
 * name, engineers' from the cached staff directory (`list_engineers`); the
 * login when unknown.
 */
export function useEngineerNames(me: () => Session | null = () => null) {
  const names = ref<Record<string, string>>({});
  api.listEngineers().then((es) => { names.value = Object.fromEntries(es.map((e) => [e.name, e.display || e.name])); }).catch(() => undefined);
  const engineerName = (login: string) => {
    const s = me();
    if (s && s.user === login && s.displayName) return s.displayName;
    return names.value[login] ?? login;
  };
  return { engineerName };
}

/** A part's catalogue fields as typed in its forms (money in yuan). */
export interface PartFieldsForm { name: string; unit: string; cost: string; price: string; low: string }

/** The catalogue fields as sent (money in fen). */
export interface PartFields { name: string; unit: string; unit_cost_fen: number; standard_price_fen: number; low_threshold: number }

/**
 * The typed fields read for sending, or the first one that is not right as
 * `{ problem, field }` (the message key and the field's label key).
 */
export function readPartFields(f: PartFieldsForm): PartFields | { problem: string; field: string } {
  if (!f.name.trim()) return { problem: 'wh.stock.required', field: 'wh.stock.name' };
  const cost = parseYuan(f.cost);
  if (cost === null || cost < 0) return { problem: 'wh.stock.badMoney', field: 'wh.stock.unitCost' };
  const price = parseYuan(f.price);
  if (price === null || price < 0) return { problem: 'wh.stock.badMoney', field: 'wh.stock.standardPrice' };
  const low = parseCount(f.low);
  if (low === null) return { problem: 'wh.stock.badCount', field: 'wh.stock.lowThreshold' };
  return { name: f.name.trim(), unit: f.unit.trim(), unit_cost_fen: cost, standard_price_fen: price, low_threshold: low };
}

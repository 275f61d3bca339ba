/**
 * The parts warehouse's small rules for the screens (issue 14): the
 * configured warehouses and their names, quantities as typed, and how a
 * confirmation state or a movement looks.
 */
import { ref } from 'vue';
import { api } from './api';
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

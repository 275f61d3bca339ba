/**
 * App-wide state: the session, the sync status, toasts, the current route
 * (a small hash router), a ticking "now" for live clocks, and a counter
 * screens watch to re-read their data when changes arrive by sync.
 */
import { computed, nextTick, reactive, ref, watch } from 'vue';
import { ApiError, api } from './api';
import { errorSentence, type ErrorPlace } from './errors';
import type { Session, SyncStatus } from './types';
import { companyZoneOf } from './zone';
import { setDisplayZone } from './format';

export const session = ref<Session | null>(null);
/** Whether the user is the office (售后服务部): what only the office sees or does. */
export const isOffice = computed(() => session.value?.role === 'office');
/** The company's time zone: every time is shown and typed in it (see zone.ts). */
export const companyZone = computed(() => companyZoneOf(session.value));
watch(companyZone, setDisplayZone, { immediate: true });
export const syncStatus = ref<SyncStatus>({ state: 'idle', pending: 0, last_success: null, error: null, error_code: null, changes_received: 0, next_retry: null, photos_waiting: 0 });
/**
 * Bumped on `docs://changed` (changes arrived by sync); screens reload when
 * it moves. A screen's own edit renders the view its command returned
 * instead (the command sends no event), so a tap reads the order once.
 */
export const docsVersion = ref(0);
/** Milliseconds, updated every 15 s so running clocks count down. */
export const now = ref(Date.now());
setInterval(() => (now.value = Date.now()), 15_000);

// ---- toasts --------------------------------------------------------------

/** A toast; an error's technical detail (`detail`) sits in a collapsed fold under the sentence. */
export interface Toast { id: number; kind: 'info' | 'error'; text: string; detail?: string }
export const toasts = reactive<Toast[]>([]);
let toastSeq = 0;
const toastTimers = new Map<number, ReturnType<typeof setTimeout>>();

/** How long a toast stays: confirmations briefly, errors long enough to read. */
export const TOAST_MS = { info: 3000, error: 8000 } as const;
/** At most this many toasts at once; a new one pushes out the oldest (issue 10: they piled up). */
export const TOAST_MAX = 3;

export function toast(text: string, kind: Toast['kind'] = 'info', ms: number = TOAST_MS[kind], detail?: string) {
  const id = ++toastSeq;
  toasts.push(detail ? { id, kind, text, detail } : { id, kind, text });
  while (toasts.length > TOAST_MAX) dismissToast(toasts[0].id);
  toastTimers.set(id, setTimeout(() => dismissToast(id), kind === 'error' ? Math.max(ms, TOAST_MS.error) : ms));
}

export function dismissToast(id: number) {
  const timer = toastTimers.get(id);
  if (timer !== undefined) clearTimeout(timer);
  toastTimers.delete(id);
  const i = toasts.findIndex((x) => x.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

/** An error as a sentence in the user's language (see errors.ts); the detail goes to the log. */
export function errorText(e: unknown, place?: ErrorPlace): string {
  return errorSentence(e, place).text;
}

/** Toasts an error: its sentence, with core's message in the details fold. */
export function toastError(e: unknown, place?: ErrorPlace) {
  const s = errorSentence(e, place);
  toast(s.text, 'error', TOAST_MS.error, s.detail);
}

/** Run an action, toasting its failure; returns undefined on failure. */
export async function attempt<T>(f: () => Promise<T>, place?: ErrorPlace): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    toastError(e, place);
    return undefined;
  }
}

/** `attempt`; when the action succeeded, toasts `done(result)` too. */
export async function attemptSaying<T>(f: () => Promise<T>, done: (v: T) => string): Promise<T | undefined> {
  const v = await attempt(f);
  if (v) toast(done(v));
  return v;
}

let firstListReported = false;

/**
 * Called by a list view each time it sets its rows: the first time, once
 * they are rendered (the next tick), tells the app (`ui_ready`), which logs
 * `first list rendered` for the cold-start benchmark. Later calls do nothing.
 */
export function reportFirstList(rows: number): void {
  if (firstListReported) return;
  firstListReported = true;
  void nextTick(() => api.uiReady(rows).catch(() => undefined));
}

export { ApiError, api };

// ---- routing -------------------------------------------------------------

export interface Route { name: string; id?: string }

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'wo' && parts[1]) {
    if (parts[2] === 'parts') return { name: 'parts', id: parts[1] };
    if (parts[2] === 'sign') return { name: 'sign', id: parts[1] };
    return { name: 'wo', id: parts[1] };
  }
  if (parts[0] === 'office' && parts[1] === 'new') return parts[2] ? { name: 'new', id: parts[2] } : { name: 'new' };
  if (parts[0] === 'customers' && parts[1]) return { name: 'customer', id: parts[1] };
  // The office's follow-ups, surveys and visits: the tab rides in `id`.
  if (parts[0] === 'care') return { name: 'care', id: ['surveys', 'visits'].includes(parts[1] ?? '') ? parts[1] : 'followups' };
  if (parts[0] === 'complaint' && parts[1]) return { name: 'complaint', id: parts[1] };
  // The warehouse's part screen (`#/part/part:PN-1001`).
  if (parts[0] === 'part' && parts[1]) return { name: 'part', id: parts[1] };
  // A maintenance contract's screen (`#/contract/contract:01`).
  if (parts[0] === 'contract' && parts[1]) return { name: 'contract', id: parts[1] };
  // The order search, optionally with an engineer chosen (`#/search/<login>`).
  if (parts[0] === 'search') return parts[1] ? { name: 'search', id: parts[1] } : { name: 'search' };
  const known = ['orders', 'board', 'dispatch', 'customers', 'filing', 'stock', 'company', 'settings', 'complaints', 'complaint-report', 'confirm', 'outstanding', 'contracts', 'loaners', 'reports'];
  if (parts[0] && known.includes(parts[0])) return { name: parts[0] };
  return { name: 'home' };
}

export const route = ref<Route>(parseHash(location.hash));
window.addEventListener('hashchange', () => {
  route.value = parseHash(location.hash);
  window.scrollTo(0, 0);
});

export function go(path: string) {
  location.hash = path;
}

/** The customer screen of `id`. */
export function customerPath(id: string) {
  return `#/customers/${encodeURIComponent(id)}`;
}

/** The new-order form, with customer `id` already chosen when given. */
export function newOrderPath(customerId?: string) {
  return customerId ? `#/office/new/${encodeURIComponent(customerId)}` : '#/office/new';
}

/** The screen of complaint `id`. */
export function complaintPath(id: string) {
  return `#/complaint/${encodeURIComponent(id)}`;
}

export function woPath(id: string, sub?: 'parts' | 'sign') {
  return `#/wo/${encodeURIComponent(id)}${sub ? '/' + sub : ''}`;
}

/** The screen of maintenance contract `id`. */
export function contractPath(id: string) {
  return `#/contract/${encodeURIComponent(id)}`;
}

/** The warehouse's screen of part `id` (`part:<part number>`). */
export function partPath(id: string) {
  return `#/part/${encodeURIComponent(id)}`;
}

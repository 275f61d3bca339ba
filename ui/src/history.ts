/**
 * The history tab's shaping of core's `DocHistory` (components/history/):
 * rows grouped into one block per change (who, device, device time and
 * receipt time, flags), the fields that have rows for the field filter, the
 * last change of one field ("who changed this charge", at a glance), and
 * the words of devices, times, skew and values. Pure functions; times in the
 * company's zone through zone.ts.
 */
import { formatDuration, type Translate } from './format';
import { wallTime } from './zone';
import type { HistoryRow, HistoryWho, Via } from './types';

/** One change: who wrote it, from which device, when, how it arrived, and the fields it touched. */
export interface ChangeBlock {
  change: number;
  hash: string;
  who: HistoryWho;
  device_time: string | null;
  received_at: string | null;
  via: Via | null;
  skew_minutes: number | null;
  skewed: boolean;
  after_signing: boolean;
  /** Whether one of its rows was written concurrently with another change. */
  concurrent: boolean;
  rows: HistoryRow[];
}

/** Whether `row` is of `field` (null: every field). */
const ofField = (row: HistoryRow, field: string | null) => field === null || row.field === field;

/**
 * The rows as one block per change, newest change first (or oldest first),
 * keeping only the rows of `field` when given (and the changes that touched it).
 */
export function changeBlocks(rows: HistoryRow[], field: string | null = null, newestFirst = true): ChangeBlock[] {
  const byChange = new Map<number, ChangeBlock>();
  for (const r of rows) {
    if (!ofField(r, field)) continue;
    let b = byChange.get(r.change);
    if (!b) {
      b = {
        change: r.change, hash: r.hash, who: r.who, device_time: r.device_time, received_at: r.received_at, via: r.via,
        skew_minutes: r.skew_minutes, skewed: r.skewed, after_signing: r.after_signing, concurrent: false, rows: [],
      };
      byChange.set(r.change, b);
    }
    b.rows.push(r);
    if (r.concurrent_with.length > 0) b.concurrent = true;
    if (r.skewed && !b.skewed) Object.assign(b, { skewed: true, skew_minutes: r.skew_minutes, device_time: r.device_time });
    b.after_signing ||= r.after_signing;
  }
  const blocks = [...byChange.values()].sort((a, b) => a.change - b.change);
  return newestFirst ? blocks.reverse() : blocks;
}

/** A field the filter offers: its path, its name for people, how many changes touched it. */
export interface FieldOption {
  field: string;
  label: string;
  changes: number;
}

/** The fields that have rows (not the creation row), by name; each with how many changes touched it. */
export function fieldOptions(rows: HistoryRow[]): FieldOption[] {
  const seen = new Map<string, { label: string; changes: Set<number> }>();
  for (const r of rows) {
    if (!r.field) continue;
    const f = seen.get(r.field) ?? { label: r.label || r.field, changes: new Set<number>() };
    f.changes.add(r.change);
    seen.set(r.field, f);
  }
  return [...seen.entries()]
    .map(([field, f]) => ({ field, label: f.label, changes: f.changes.size }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN') || a.field.localeCompare(b.field));
}

/**
 * The value of `field` the document holds now and the change that wrote it:
 * the latest row of the field that is not a concurrent loser (`kept: false`).
 * Null when the field has no rows.
 */
export function currentOf(rows: HistoryRow[], field: string): HistoryRow | null {
  let last: HistoryRow | null = null;
  for (const r of rows) {
    if (r.field !== field || r.kept === false) continue;
    if (!last || r.change >= last.change) last = r;
  }
  return last;
}

/** An instant in the company's zone: `2026-03-05 09:30`; '—' when unknown. */
export function historyTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : wallTime(ms, zone).replace('T', ' ');
}

/** The writer's name: the display name (core says "unknown" when the server has not vouched for the actor). */
export function whoText(who: HistoryWho, t: Translate): string {
  if (who.source === 'planned') return t('hist.planned');
  if (who.source === 'server') return t('hist.server');
  return who.display_name || who.user || t('hist.unknown');
}

/** Whether the server has vouched for the writer (a registered actor). */
export const isKnown = (who: HistoryWho) => who.source !== null;

/** The writing device: "张伟的手机 · #3", "设备 #3", or "设备未知". */
export function deviceText(who: HistoryWho, t: Translate): string {
  if (who.device_id === null) return who.source === 'server' || who.source === 'planned' ? '' : t('hist.deviceUnknown');
  const label = who.device_label.trim();
  return label ? t('hist.deviceLabelled', { label, n: who.device_id }) : t('hist.deviceN', { n: who.device_id });
}

/** A skew in minutes (device − server) as "+4320 分钟（3 天）": signed, and the span in words past two hours. */
export function skewText(minutes: number, t: Translate): string {
  const n = Math.round(minutes);
  const signed = `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n)}`;
  const base = t('hist.minutes', { n: signed });
  return Math.abs(n) >= 120 ? `${base} (${formatDuration(t, Math.abs(n) * 60)})` : base;
}

/** The order's clock-skew badge: "设备时钟偏差 4320 分钟（偏快）". */
export function orderSkewText(minutes: number, t: Translate): string {
  const n = Math.round(Math.abs(minutes));
  return t(minutes >= 0 ? 'hist.orderSkewFast' : 'hist.orderSkewSlow', { n });
}

/** An instant as the documents write it (`2026-12-01T14:31:45Z`). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * What a row did, in words: `old → new`, "新增 …", "删除 …", "+3", "创建".
 * With `zone`, a value that is an instant reads as the company's wall time.
 */
export function changeText(row: HistoryRow, t: Translate, zone?: string): string {
  const v = (x: string | null) =>
    x === null || x === '' ? t('hist.empty') : zone && INSTANT.test(x) ? historyTime(x, zone) : x;
  switch (row.op) {
    case 'created': return t('hist.op.created');
    case 'set': return `${v(row.old)} → ${v(row.new)}`;
    case 'removed': return t('hist.op.removed', { old: v(row.old) });
    case 'added': return t('hist.op.added', { new: v(row.new) });
    case 'deleted': return t('hist.op.deleted', { old: v(row.old) });
    case 'counted': return t('hist.op.counted', { new: v(row.new) });
  }
  return '';
}

/** A flag badge: its kind (the test id is `history-flag-<kind>`) and its words. */
export interface Flag {
  kind: 'concurrent' | 'after_signing' | 'skew' | 'relay' | 'import' | 'not_received';
  text: string;
}

/** A change's flags: after signing, clock skew (with minutes), relayed, imported, not yet received. */
export function blockFlags(b: ChangeBlock, t: Translate): Flag[] {
  const out: Flag[] = [];
  if (b.after_signing) out.push({ kind: 'after_signing', text: t('hist.flag.afterSigning') });
  if (b.skewed && b.skew_minutes !== null) out.push({ kind: 'skew', text: t('hist.flag.skew', { d: skewText(b.skew_minutes, t) }) });
  if (b.via === 'relay') out.push({ kind: 'relay', text: t('hist.flag.relay') });
  if (b.via === 'import') out.push({ kind: 'import', text: t('hist.flag.import') });
  if (!b.received_at) out.push({ kind: 'not_received', text: t('hist.flag.notReceived') });
  return out;
}

/** A row's concurrency badge: "并发 #4 ✓ 保留" for the kept value, "并发 #4" for the other; null when not concurrent. */
export function concurrentText(row: HistoryRow, t: Translate): string | null {
  if (row.concurrent_with.length === 0) return null;
  const others = row.concurrent_with.map((c) => `#${c}`).join(', ');
  return row.kept ? t('hist.flag.concurrentKept', { others }) : t('hist.flag.concurrent', { others });
}

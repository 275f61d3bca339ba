/**
 * Pure formatting of clocks, filing deadlines, money and times. Every
 * function takes the translator, so it is testable in both languages
 * without a component.
 */
import type { Clock, ClockState, FilingDue, Int } from './types';

/** The subset of vue-i18n's `t` these functions use. */
export type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string;

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

/** A span of seconds as people say it: "35 分钟", "2 小时", "1 天 3 小时". */
export function formatDuration(t: Translate, secs: number): string {
  const s = Math.max(0, Math.floor(secs));
  if (s < MIN) return t('duration.lessThanMinute');
  if (s < HOUR) return t('duration.minutes', { n: Math.floor(s / MIN) });
  if (s < 10 * HOUR) {
    const h = Math.floor(s / HOUR);
    const m = Math.floor((s % HOUR) / MIN);
    return m === 0 ? t('duration.hours', { n: h }) : t('duration.hoursMinutes', { h, m });
  }
  if (s < 2 * DAY) return t('duration.hours', { n: Math.floor(s / HOUR) });
  const d = Math.floor(s / DAY);
  const h = Math.floor((s % DAY) / HOUR);
  return h === 0 ? t('duration.days', { n: d }) : t('duration.daysHours', { d, h });
}

/** One clock's state in words: "剩余 35 分钟", "已超时 2 小时", "已按时完成". */
export function formatClockState(t: Translate, st: ClockState): string {
  switch (st.state) {
    case 'running':
      return t(st.due_soon ? 'clock.dueSoon' : 'clock.remaining', { d: formatDuration(t, st.remaining_secs) });
    case 'met':
      return t('clock.met');
    case 'breached':
      return t(st.done_at ? 'clock.breachedDone' : 'clock.breached', { d: formatDuration(t, st.overdue_secs) });
  }
}

/** The tone a clock is shown in. */
export type Tone = 'ok' | 'warn' | 'bad' | 'done';

export function clockTone(st: ClockState): Tone {
  switch (st.state) {
    case 'running':
      return st.due_soon ? 'warn' : 'ok';
    case 'met':
      return 'done';
    case 'breached':
      return 'bad';
  }
}

/**
 * A running clock as it stands at `nowMs`: the list is fetched once and the
 * clocks keep counting on screen. Met and breached-and-done clocks are final.
 */
export function liveClockState(clock: Clock, nowMs: number): ClockState {
  const st = clock.state;
  const due = Date.parse(clock.due_at);
  if (Number.isNaN(due)) return st;
  if (st.state === 'running') {
    const left = Math.floor((due - nowMs) / 1000);
    if (left < 0) return { state: 'breached', overdue_secs: -left, done_at: null };
    return { state: 'running', remaining_secs: left, due_soon: st.due_soon };
  }
  if (st.state === 'breached' && !st.done_at) {
    return { state: 'breached', overdue_secs: Math.max(st.overdue_secs, Math.floor((nowMs - due) / 1000)), done_at: null };
  }
  return st;
}

/** The filing deadline in words: "还剩 3 天", "今天到期", "已逾期 2 天", "已存档 · …". */
export function formatFiling(t: Translate, f: FilingDue, locale: string): string {
  switch (f.state) {
    case 'due_in_days':
      return t('filing.dueIn', { n: f.days }, f.days);
    case 'due_today':
      return t('filing.dueToday');
    case 'overdue':
      return t('filing.overdue', { n: f.days }, f.days);
    case 'filed':
      return t('filing.filed', { time: formatTime(f.at, locale) });
  }
}

export function filingTone(f: FilingDue): Tone {
  switch (f.state) {
    case 'due_in_days':
      return f.days <= 1 ? 'warn' : 'ok';
    case 'due_today':
      return 'warn';
    case 'overdue':
      return 'bad';
    case 'filed':
      return 'done';
  }
}

/** Integers from JSON may be typed as bigint by ts-rs; they arrive as numbers. */
export function num(x: Int | null | undefined): number {
  if (x === null || x === undefined) return 0;
  return typeof x === 'bigint' ? Number(x) : x;
}

/** Fen to "¥1,234.50" (same form in both languages). */
export function formatMoney(fen: Int | null | undefined): string {
  const f = num(fen);
  const neg = f < 0;
  const abs = Math.abs(Math.round(f));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}¥${grouped}.${String(cents).padStart(2, '0')}`;
}

/** "12.5" (yuan, as typed) to fen; null when not a valid amount. */
export function parseYuan(text: string): number | null {
  const s = text.trim().replace(/[¥,，\s]/g, '');
  if (s === '') return 0;
  if (!/^-?\d+(\.\d{0,2})?$/.test(s)) return null;
  const [i, d = ''] = s.replace('-', '').split('.');
  const fen = Number(i) * 100 + Number((d + '00').slice(0, 2));
  return s.startsWith('-') ? -fen : fen;
}

/** Fen to an editable yuan string "12.50". */
export function fenToYuanInput(fen: Int | null | undefined): string {
  const f = num(fen);
  return (f / 100).toFixed(2);
}

/** The zone times are shown in unless a caller names one: the company's (the store sets it from the session). */
let displayZone = 'Asia/Shanghai';
export function setDisplayZone(zone: string) {
  displayZone = zone;
}

/** An instant in the company's time zone, in the user's language. */
export function formatTime(iso: string | null | undefined, locale: string, timeZone = displayZone): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(d);
}

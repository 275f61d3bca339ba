import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { messages } from './i18n';
import {
  clockTone, filingTone, formatClockState, formatDuration, formatFiling, formatMoney, liveClockState, parseYuan, fenToYuanInput, type Translate,
} from './format';
import type { Clock, ClockState, FilingDue } from './types';

function tFor(locale: 'zh-CN' | 'en'): Translate {
  const i18n = createI18n({ legacy: false, locale, messages });
  return i18n.global.t as unknown as Translate;
}
const zh = tFor('zh-CN');
const en = tFor('en');
const M = 60;
const H = 3600;
const D = 86400;

describe('durations', () => {
  it.each([
    [30, '不到 1 分钟', 'under 1 min'],
    [35 * M, '35 分钟', '35 min'],
    [2 * H, '2 小时', '2 h'],
    [2 * H + 5 * M, '2 小时 5 分钟', '2 h 5 min'],
    [23 * H + 59 * M, '23 小时', '23 h'],
    [3 * D, '3 天', '3 d'],
    [3 * D + 4 * H, '3 天 4 小时', '3 d 4 h'],
    [-5, '不到 1 分钟', 'under 1 min'],
  ])('%i s', (secs, z, e) => {
    expect(formatDuration(zh, secs)).toBe(z);
    expect(formatDuration(en, secs)).toBe(e);
  });
});

describe('clock states', () => {
  const cases: [ClockState, string, string, string][] = [
    [{ state: 'running', remaining_secs: 35 * M, due_soon: false }, '剩余 35 分钟', '35 min left', 'ok'],
    [{ state: 'running', remaining_secs: 10 * M, due_soon: true }, '即将到期，剩余 10 分钟', 'Due soon, 10 min left', 'warn'],
    [{ state: 'met', at: '2026-03-02T01:00:00Z', margin_secs: 600 }, '已按时完成', 'Met', 'done'],
    [{ state: 'breached', overdue_secs: 2 * H, done_at: null }, '已超时 2 小时', '2 h overdue', 'bad'],
    [{ state: 'breached', overdue_secs: 4 * H, done_at: '2026-03-02T01:00:00Z' }, '超时 4 小时 完成', 'Done 4 h late', 'bad'],
  ];
  it.each(cases)('%j', (st, z, e, tone) => {
    expect(formatClockState(zh, st)).toBe(z);
    expect(formatClockState(en, st)).toBe(e);
    expect(clockTone(st)).toBe(tone);
  });

  it('counts a running clock down from its due time, into breach', () => {
    const clock: Clock = { kind: 'response', due_at: '2026-03-02T02:00:00Z', state: { state: 'running', remaining_secs: 3600, due_soon: false } };
    const at = (iso: string) => liveClockState(clock, Date.parse(iso));
    expect(at('2026-03-02T01:25:00Z')).toEqual({ state: 'running', remaining_secs: 35 * M, due_soon: false });
    expect(at('2026-03-02T04:00:00Z')).toEqual({ state: 'breached', overdue_secs: 2 * H, done_at: null });
  });

  it('leaves met clocks alone and keeps an open breach growing', () => {
    const met: Clock = { kind: 'fix', due_at: '2026-03-02T02:00:00Z', state: { state: 'met', at: '2026-03-02T01:00:00Z', margin_secs: 3600 } };
    expect(liveClockState(met, Date.parse('2026-03-09T00:00:00Z'))).toBe(met.state);
    const open: Clock = { kind: 'fix', due_at: '2026-03-02T02:00:00Z', state: { state: 'breached', overdue_secs: 60, done_at: null } };
    expect(liveClockState(open, Date.parse('2026-03-02T05:00:00Z'))).toEqual({ state: 'breached', overdue_secs: 3 * H, done_at: null });
  });
});

describe('filing deadlines', () => {
  const cases: [FilingDue, string, string, string][] = [
    [{ state: 'due_in_days', days: 3 }, '还剩 3 天', 'Due in 3 days', 'ok'],
    [{ state: 'due_in_days', days: 1 }, '还剩 1 天', 'Due in 1 day', 'warn'],
    [{ state: 'due_today' }, '今天到期', 'Due today', 'warn'],
    [{ state: 'overdue', days: 1 }, '已逾期 1 天', 'Overdue by 1 day', 'bad'],
    [{ state: 'overdue', days: 2 }, '已逾期 2 天', 'Overdue by 2 days', 'bad'],
    [{ state: 'filed', at: '2026-03-05T06:30:00Z' }, '已存档 · 服务器接收于 2026/03/05 14:30', 'Filed · received by the server 05/03/2026, 14:30', 'done'],
  ];
  it.each(cases)('%j', (f, z, e, tone) => {
    expect(formatFiling(zh, f, 'zh-CN')).toBe(z);
    expect(formatFiling(en, f, 'en')).toBe(e);
    expect(filingTone(f)).toBe(tone);
  });
});

describe('money', () => {
  it.each([
    [0, '¥0.00'], [5, '¥0.05'], [97000, '¥970.00'], [123456789, '¥1,234,567.89'], [-1250, '-¥12.50'], [BigInt(100), '¥1.00'],
  ])('%s fen', (fen, text) => expect(formatMoney(fen)).toBe(text));

  it('parses typed yuan to fen', () => {
    expect(parseYuan('120')).toBe(12000);
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('¥1,234.56')).toBe(123456);
    expect(parseYuan('')).toBe(0);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(fenToYuanInput(1250)).toBe('12.50');
  });
});

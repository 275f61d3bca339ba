import { describe, expect, it } from 'vitest';
import { bounds, canonical, cellValue, drillOf, formatCell, formatMinutes, isDay, periodOf, sameDrill, shiftAnchor, shiftDates } from './stats';
import zhCN from './i18n/zh-CN';
import en from './i18n/en';
import type { Drill, Row } from './types';

/** A tiny `t` over the `st` messages of one language. */
function tr(lang: 'zh-CN' | 'en') {
  const st = (lang === 'en' ? en : zhCN).st as unknown as Record<string, string>;
  return (key: string, named: Record<string, unknown> = {}) => st[key.replace(/^st\./, '')].replace(/\{(\w+)\}/g, (_, k: string) => String(named[k]));
}

describe('the period chooser', () => {
  it('finds the month, quarter and year of a day', () => {
    expect(periodOf('month', '2026-03-17')).toEqual({ kind: 'month', year: 2026, month: 3 });
    expect(periodOf('quarter', '2026-03-17')).toEqual({ kind: 'quarter', year: 2026, quarter: 1 });
    expect(periodOf('quarter', '2026-10-01')).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
    expect(periodOf('year', '2026-03-17')).toEqual({ kind: 'year', year: 2026 });
    expect(periodOf('dates', '2028-02-10')).toEqual({ kind: 'dates', from: '2028-02-01', to: '2028-02-29' });
  });
  it('knows each period\'s first and last day', () => {
    expect(bounds({ kind: 'month', year: 2026, month: 2 })).toEqual(['2026-02-01', '2026-02-28']);
    expect(bounds({ kind: 'month', year: 2026, month: 12 })).toEqual(['2026-12-01', '2026-12-31']);
    expect(bounds({ kind: 'quarter', year: 2026, quarter: 2 })).toEqual(['2026-04-01', '2026-06-30']);
    expect(bounds({ kind: 'year', year: 2026 })).toEqual(['2026-01-01', '2026-12-31']);
  });
  it('moves by one period, across years, and keeps the month when switching kinds', () => {
    const m = periodOf('month', '2026-01-31');
    expect(shiftAnchor(m, '2026-01-31', -1)).toBe('2025-12-31');
    expect(shiftAnchor(m, '2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftAnchor(periodOf('quarter', '2026-11-05'), '2026-11-05', 1)).toBe('2027-02-05');
    expect(shiftAnchor(periodOf('year', '2026-11-05'), '2026-11-05', -1)).toBe('2025-11-05');
    // month → quarter → month: the anchor did not move.
    expect(periodOf('month', '2026-05-03')).toEqual({ kind: 'month', year: 2026, month: 5 });
  });
  it('moves a span of days by its length', () => {
    expect(shiftDates('2026-03-01', '2026-03-15', 1)).toEqual({ from: '2026-03-16', to: '2026-03-30' });
    expect(shiftDates('2026-03-01', '2026-03-01', -1)).toEqual({ from: '2026-02-28', to: '2026-02-28' });
  });
  it('accepts real days only', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-3-1')).toBe(false);
  });
});

describe('cells', () => {
  it('formats every kind of cell in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const t = tr(lang);
      expect(formatCell(t, { t: 'fen', v: 123450 })).toBe('¥1,234.50');
      expect(formatCell(t, { t: 'share', v: 0.125 })).toBe('12.5%');
      expect(formatCell(t, { t: 'share', v: 1 })).toBe('100.0%');
      expect(formatCell(t, { t: 'int', v: 1234 })).toBe('1,234');
      expect(formatCell(t, { t: 'decimal', v: 4.5 })).toBe('4.50');
      expect(formatCell(t, { t: 'empty' })).toBe('—');
      expect(formatCell(t, { t: 'text', v: '2026-03' })).toBe('2026-03');
    }
    expect(formatMinutes(tr('en'), 65)).toBe('1 h 05 min');
    expect(formatMinutes(tr('zh-CN'), 65)).toBe('1小时05分');
    expect(formatMinutes(tr('en'), 45)).toBe('45 min');
    expect(formatMinutes(tr('zh-CN'), 3000)).toBe('50小时00分');
    expect(formatCell(tr('en'), { t: 'minutes', v: 125 })).toBe('2 h 05 min');
  });
  it('charts money in yuan and leaves empty cells out', () => {
    expect(cellValue({ t: 'fen', v: 12345 })).toBe(123.45);
    expect(cellValue({ t: 'share', v: 0.5 })).toBe(0.5);
    expect(cellValue({ t: 'empty' })).toBeNull();
    expect(cellValue({ t: 'text', v: 'P1' })).toBeNull();
    expect(cellValue(undefined)).toBeNull();
  });
});

describe('drills', () => {
  const month: Drill = { figure: 'clock', clock: 'fix', outcome: null, month: '2026-03', priority: null, engineer: null };
  const breached: Drill = { ...month, outcome: 'breached' };
  const row: Row = { cells: [{ t: 'text', v: '2026-03' }, { t: 'int', v: 3 }, { t: 'int', v: 1 }], drill: month, cell_drills: [null, null, breached], total: false };
  it('a cell lists its own drill, else the row\'s', () => {
    expect(drillOf(row, 2)).toEqual(breached);
    expect(drillOf(row, 1)).toEqual(month);
    expect(drillOf(row, null)).toEqual(month);
    expect(drillOf({ ...row, drill: null, cell_drills: [] }, 1)).toBeNull();
  });
  it('compares drills as JSON whatever the key order', () => {
    const reordered = JSON.parse('{"month":"2026-03","engineer":null,"figure":"clock","priority":null,"outcome":null,"clock":"fix"}') as Drill;
    expect(sameDrill(month, reordered)).toBe(true);
    expect(sameDrill(month, breached)).toBe(false);
    expect(canonical({ b: [1, { d: 2, c: null }], a: 'x' })).toBe('{"a":"x","b":[1,{"c":null,"d":2}]}');
  });
});

import { describe, expect, it } from 'vitest';
import { keepsStock, parseCount, readPartFields, signedQty, stateTone } from './warehouse';
import zhCN from './i18n/zh-CN';
import en from './i18n/en';

describe('the warehouse screens\' rules', () => {
  it('reads a part form in fen, or names the first field that is not right', () => {
    const typed = { name: ' 分流衬管 ', unit: '支', cost: '80', price: '150.5', low: '4' };
    expect(readPartFields(typed)).toEqual({ name: '分流衬管', unit: '支', unit_cost_fen: 8000, standard_price_fen: 15050, low_threshold: 4 });
    expect(readPartFields({ ...typed, name: ' ' })).toEqual({ problem: 'wh.stock.required', field: 'wh.stock.name' });
    expect(readPartFields({ ...typed, price: '-1' })).toEqual({ problem: 'wh.stock.badMoney', field: 'wh.stock.standardPrice' });
    expect(readPartFields({ ...typed, low: '2.5' })).toEqual({ problem: 'wh.stock.badCount', field: 'wh.stock.lowThreshold' });
  });

  it('reads whole quantities only', () => {
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('0')).toBe(0);
    expect(parseCount('0', 1)).toBeNull();
    expect(parseCount('-1')).toBeNull();
    expect(parseCount('1.5')).toBeNull();
    expect(parseCount('')).toBeNull();
    expect(parseCount('abc')).toBeNull();
  });

  it('shows movements signed and states in tones', () => {
    expect([signedQty(3), signedQty(-2), signedQty(0)]).toEqual(['+3', '−2', '0']);
    expect(stateTone('disputed')).toBe('tone-bad');
    expect(stateTone('awaiting')).toBe('tone-warn');
    expect(stateTone('confirmed')).toBe('tone-done');
    expect(stateTone('none')).toBe('');
  });

  it('lets the office and the storekeeper keep the stock', () => {
    expect(['office', 'storekeeper', 'engineer'].map((r) => keepsStock(r as never))).toEqual([true, true, false]);
  });

  it('names every confirmation state and movement kind core sends, in both languages', () => {
    for (const m of [zhCN.wh, en.wh]) {
      for (const s of ['none', 'awaiting', 'confirmed', 'disputed'] as const) {
        expect(m.state[s]).toBeTruthy();
        expect(m.returnState[s]).toBeTruthy();
      }
      for (const k of ['received', 'stocktake', 'pickup', 'return'] as const) expect(m.part.moveKind[k]).toBeTruthy();
    }
  });
});

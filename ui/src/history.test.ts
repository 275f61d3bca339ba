import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from './i18n';
import {
  blockFlags, changeBlocks, changeText, concurrentText, currentOf, deviceText, fieldOptions, historyTime, orderSkewText, skewText, whoText,
} from './history';
import type { HistoryRow, HistoryWho } from './types';

const t = i18n.global.t as unknown as (k: string, n?: Record<string, unknown>, p?: number) => string;
const setLocale = (l: 'zh-CN' | 'en') => { i18n.global.locale.value = l; };

const OFFICE: HistoryWho = { actor: 'aa', user: 'office-wu', display_name: '吴敏', device_id: 1, device_label: '办公室电脑', source: 'device' };
const ZHANG: HistoryWho = { actor: 'bb', user: 'zhang', display_name: '张伟', device_id: 3, device_label: '', source: 'device' };
const UNKNOWN: HistoryWho = { actor: 'cc', user: '', display_name: '未知', device_id: null, device_label: '', source: null };

function row(change: number, field: string, who: HistoryWho, o: Partial<HistoryRow> = {}): HistoryRow {
  return {
    change, hash: `h${change}`, field, label: field, op: 'set', old: null, new: null, who,
    device_time: '2026-03-05T01:30:00Z', received_at: '2026-03-05T01:31:00Z', via: 'sync', skew_minutes: 0, skewed: false,
    concurrent_with: [], kept: null, after_signing: false, ...o,
  };
}

/** An order: created by the office, the engineer's work, both set the charge offline (the engineer's kept), a change after signing. */
const rows: HistoryRow[] = [
  row(1, '', OFFICE, { op: 'created', label: '' }),
  row(2, 'status', ZHANG, { label: '状态', old: 'assigned', new: 'responded' }),
  row(3, 'service.work_done', ZHANG, { label: '处理过程', new: '更换光源' }),
  row(3, 'charge_override.amount_fen', ZHANG, { label: '收费调整', old: '¥1,500.00', new: '¥1,200.00', concurrent_with: [4], kept: true,
    device_time: '2026-03-08T01:30:00Z', skew_minutes: 4320, skewed: true }),
  row(4, 'charge_override.amount_fen', OFFICE, { label: '收费调整', old: '¥1,500.00', new: '¥1,000.00', concurrent_with: [3], kept: false }),
  row(5, 'service.findings', UNKNOWN, { label: '检查结果', new: '光源老化', after_signing: true, received_at: null, via: null, skew_minutes: null }),
];

describe('the history tab', () => {
  afterEach(() => setLocale('zh-CN'));

  it('groups rows into one block per change, newest first, with the change\'s flags', () => {
    const blocks = changeBlocks(rows);
    expect(blocks.map((b) => b.change)).toEqual([5, 4, 3, 2, 1]);
    const three = blocks.find((b) => b.change === 3)!;
    expect(three.rows.map((r) => r.field)).toEqual(['service.work_done', 'charge_override.amount_fen']);
    expect(three.who.display_name).toBe('张伟');
    expect(three.concurrent).toBe(true);
    expect(three.skewed).toBe(true);
    expect(changeBlocks(rows, null, false).map((b) => b.change)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers "who changed this charge": filtered to the field, only its changes and rows', () => {
    const blocks = changeBlocks(rows, 'charge_override.amount_fen');
    expect(blocks.map((b) => [b.change, b.who.display_name, b.rows.length])).toEqual([[4, '吴敏', 1], [3, '张伟', 1]]);
    // What the document holds: the kept concurrent value, not the later loser.
    expect(currentOf(rows, 'charge_override.amount_fen')?.new).toBe('¥1,200.00');
    expect(currentOf(rows, 'nothing')).toBeNull();
  });

  it('lists the fields that have rows (not the creation row), each with its number of changes', () => {
    expect(fieldOptions(rows)).toEqual([
      { field: 'service.work_done', label: '处理过程', changes: 1 },
      { field: 'charge_override.amount_fen', label: '收费调整', changes: 2 },
      { field: 'service.findings', label: '检查结果', changes: 1 },
      { field: 'status', label: '状态', changes: 1 },
    ].sort((a, b) => a.label.localeCompare(b.label, 'zh-CN')));
  });

  it('shows times in the company zone, whatever the machine\'s', () => {
    expect(historyTime('2026-03-05T01:30:00Z', 'Asia/Shanghai')).toBe('2026-03-05 09:30');
    expect(historyTime('2026-03-05T01:30:00Z', 'Europe/London')).toBe('2026-03-05 01:30');
    expect(historyTime(null, 'Asia/Shanghai')).toBe('—');
  });

  it('words writers, devices, skew and values in both languages', () => {
    setLocale('zh-CN');
    expect(whoText(ZHANG, t)).toBe('张伟');
    expect(deviceText(ZHANG, t)).toBe('设备 #3');
    expect(deviceText(OFFICE, t)).toBe('办公室电脑 · #1');
    expect(deviceText(UNKNOWN, t)).toBe('设备未知');
    expect(whoText({ ...UNKNOWN, source: 'planned' }, t)).toBe('计划自动生成');
    expect(skewText(4320, t)).toBe('+4320 分钟 (3 天)');
    expect(skewText(-15, t)).toBe('−15 分钟');
    expect(orderSkewText(4320, t)).toBe('设备时钟偏差 4320 分钟（偏快）');
    expect(changeText(rows[3], t)).toBe('¥1,500.00 → ¥1,200.00');
    expect(changeText(rows[2], t)).toBe('（空） → 更换光源');
    expect(changeText(rows[0], t)).toBe('创建');
    // An instant reads as the company's wall time.
    const stamp = { ...rows[2], old: null, new: '2026-12-01T14:31:45Z' };
    expect(changeText(stamp, t, 'Asia/Shanghai')).toBe('（空） → 2026-12-01 22:31');
    expect(changeText(stamp, t)).toBe('（空） → 2026-12-01T14:31:45Z');
    expect(concurrentText(rows[3], t)).toBe('并发 #4 ✓ 保留此值');
    expect(concurrentText(rows[4], t)).toBe('并发 #3');
    expect(concurrentText(rows[1], t)).toBeNull();
    setLocale('en');
    expect(deviceText(ZHANG, t)).toBe('Device #3');
    expect(skewText(4320, t)).toBe('+4320 min (3 d)');
    expect(orderSkewText(-30, t)).toBe('Device clock off by 30 min (slow)');
    expect(concurrentText(rows[3], t)).toBe('Concurrent #4 ✓ kept');
    expect(changeText({ ...rows[2], op: 'counted', new: '+3' }, t)).toBe('Moved by +3');
  });

  it('flags a change after signing, a skewed clock, a relay, an import and a missing receipt', () => {
    setLocale('zh-CN');
    const [five, , three] = changeBlocks(rows);
    expect(blockFlags(five, t).map((f) => f.kind)).toEqual(['after_signing', 'not_received']);
    expect(blockFlags(three, t)).toEqual([{ kind: 'skew', text: '时钟偏差 +4320 分钟 (3 天)' }]);
    const relayed = changeBlocks([row(1, 'x', ZHANG, { via: 'relay' }), row(2, 'x', ZHANG, { via: 'import' })]);
    expect(relayed.map((b) => blockFlags(b, t).map((f) => f.text))).toEqual([['导入'], ['转交']]);
  });
});

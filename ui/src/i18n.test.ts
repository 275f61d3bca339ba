import { describe, expect, it } from 'vitest';
import zhCN from './i18n/zh-CN';
import en from './i18n/en';
import { tables } from './tables';
import { complaintTables, formatRate, monthKey, shiftMonth } from './complaints';
import errorCodeTs from './bindings/ErrorCode.ts?raw';

type Tree = { [k: string]: string | Tree };

function leaves(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

/**
 * The codes of the generated union `src/bindings/ErrorCode.ts` (ts-rs, from
 * core's `ErrorCode`): a code added in Rust fails the test below until both
 * languages translate it.
 */
function errorCodes(): string[] {
  const union = errorCodeTs.slice(errorCodeTs.indexOf('export type ErrorCode'));
  return [...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
}

const zh = leaves(zhCN as unknown as Tree);
const e = leaves(en as unknown as Tree);

describe('i18n completeness', () => {
  it('has the same keys in zh-CN and en', () => {
    expect([...e.keys()].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh.keys()].filter((k) => !e.has(k))).toEqual([]);
  });

  it('has no empty strings', () => {
    for (const [lang, m] of [['zh-CN', zh], ['en', e]] as const) {
      expect([...m].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`)).toEqual([]);
    }
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const diff = [...zh].filter(([k, v]) => JSON.stringify([...new Set(names(v))]) !== JSON.stringify([...new Set(names(e.get(k)!))]));
    expect(diff.map(([k]) => k)).toEqual([]);
  });

  it('covers every status, action, tier, basis and priority the Rust side sends', () => {
    const { statuses, actions, priorities, groups } = tables;
    const want = [
      ...statuses.map((s) => `status.${s}`), ...actions.map((a) => `action.${a}`), ...actions.map((a) => `actionDone.${a}`),
      ...['in_warranty', 'extended1', 'extended2', 'out_of_warranty'].map((x) => `tier.${x}`),
      ...['free', 'at_cost', 'at_price', 'standard_rate', 'contract_rate', 'charged'].map((x) => `basis.${x}`),
      ...['labour', 'part', 'travel', 'lodging'].map((x) => `chargeKind.${x}`),
      ...priorities.flatMap((p) => [`priority.${p}`, `priority.desc.${p}`]),
      ...['response', 'on_site', 'fix'].map((x) => `clock.kind.${x}`),
      ...groups.map((x) => `group.${x}`),
      ...['ok', 'low', 'negative'].map((x) => `parts.level.${x}`),
    ];
    expect(want.filter((k) => !zh.has(k) || !e.has(k))).toEqual([]);
  });

  it('covers every complaint class, step, stage and report state core sends', () => {
    const { classes, steps, stages, report_states } = complaintTables;
    expect(steps).toEqual(['confirm', 'analyse', 'agree', 'track']);
    const want = [
      ...classes.map((c) => `complaint.class.${c}`), ...steps.map((s) => `complaint.step.${s}`),
      ...stages.map((s) => `complaint.stage.${s}`), ...report_states.map((s) => `complaintReport.state.${s}`),
    ];
    expect(want.filter((k) => !zh.has(k) || !e.has(k))).toEqual([]);
    expect(zh.get('complaint.step.agree')).toBe('协商处理措施');
    expect(zh.get('complaint.class.quality')).toBe('质量异常');
  });

  it('steps a report month across the year and prints the rate as a percentage', () => {
    expect(shiftMonth(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
    expect(shiftMonth(2025, 12, 1)).toEqual({ year: 2026, month: 1 });
    expect(monthKey(2026, 3)).toBe('2026-03');
    expect(formatRate(2 / 40)).toBe('5.0%');
    expect(formatRate(2 / 3)).toBe('66.7%');
  });

  it('translates every error code core sends, in both languages, and no code that does not exist', () => {
    const codes = errorCodes();
    expect(codes).toContain('illegal_transition');
    for (const [lang, m] of [['zh-CN', zhCN.err], ['en', en.err]] as const) {
      expect(codes.filter((c) => !(c in m)).map((c) => `${lang}:${c}`)).toEqual([]);
      expect(Object.keys(m).filter((k) => !codes.includes(k)).map((k) => `${lang}:${k}`)).toEqual([]);
    }
  });

  it('shows the seed\'s priority definitions and tier labels in Chinese', () => {
    expect(zh.get('priority.desc.P1')).toBe('产品不能工作，影响用户业务');
    expect(zh.get('tier.extended1')).toBe('质保期后2年内');
    expect(zh.get('wo.conflict')).toBe('两台设备同时修改了此字段');
    expect(zh.get('wo.tampered')).toBe('签字后已被修改');
  });
});

import { describe, expect, it } from 'vitest';
import { careTables, dueTone, formatAge, formatDue, stars } from './care';
import { createI18n } from 'vue-i18n';
import { messages } from './i18n';
import type { Translate } from './format';

function tFor(locale: 'zh-CN' | 'en'): Translate {
  const i18n = createI18n({ legacy: false, locale, messages });
  return i18n.global.t as unknown as Translate;
}

describe('the follow-up screen', () => {
  const zh = tFor('zh-CN');
  const e = tFor('en');

  it('reads its lists from the tables core generates', () => {
    expect(careTables.channels).toEqual(['phone', 'on_site']);
    expect(careTables.outcomes.length).toBeGreaterThan(1);
    expect(careTables.satisfaction).toEqual([1, 2, 3, 4, 5]);
    expect(careTables.yearly_months).toBe(12);
  });

  it('names every origin, channel and outcome core sends, in both languages', () => {
    const keys = [
      ...careTables.origins.map((x) => `care.origin.${x}`),
      ...careTables.channels.map((x) => `care.channel.${x}`),
      ...careTables.outcomes.map((x) => `care.outcome.${x}`),
    ];
    for (const t of [zh, e]) {
      expect(keys.filter((k) => t(k) === k)).toEqual([]);
    }
  });

  it('words a customer\'s due state in both languages', () => {
    expect(formatDue(zh, { state: 'never' }, 'survey')).toBe('从未调查');
    expect(formatDue(zh, { state: 'never' }, 'visit')).toBe('从未走访');
    expect(formatDue(zh, { state: 'overdue', due_on: '2026-03-09', days: 3 }, 'survey')).toBe('已逾期 3 天（应于 2026-03-09）');
    expect(formatDue(e, { state: 'overdue', due_on: '2026-03-09', days: 1 }, 'survey')).toBe('Overdue by 1 day (due 2026-03-09)');
    expect(formatDue(e, { state: 'due_in', due_on: '2026-04-01', days: 22 }, 'visit')).toBe('Due in 22 days (2026-04-01)');
    expect(formatDue(zh, { state: 'due_today', due_on: '2026-04-01' }, 'visit')).toBe('今天到期');
    expect(dueTone({ state: 'never' })).toBe('bad');
    expect(dueTone({ state: 'due_in', due_on: '2026-04-01', days: 3 })).toBe('ok');
  });

  it('words a follow-up\'s age', () => {
    expect(formatAge(zh, 0)).toBe('今天');
    expect(formatAge(zh, 3)).toBe('已等待 3 天');
    expect(formatAge(e, 1)).toBe('Waiting 1 day');
    expect(stars(4)).toBe('★★★★☆');
  });
});

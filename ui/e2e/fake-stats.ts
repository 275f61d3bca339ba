/**
 * The fake backend's reports 报表 (issue 16; core's `stats` room and
 * `service::stats`), merged into the commands of fake-backend.ts.
 *
 * It serves `src/bindings/stats-sample.json`, which core's bindings run
 * writes beside the bindings: `{ "zh-CN": Report, "en": Report, "orders":
 * [[Drill, StatsOrders], …] }`, computed by core on the demo data. Any
 * period gets the sample's report in the asked language with the asked
 * period (and its label and instants) put back in; the orders of a drill
 * are the sample's for the same drill (compared as JSON, keys in any
 * order); an export returns the path core would name. Only the office; the
 * others get `forbidden` as from core's guard.
 *
 * Not importing src/api.ts (it would pull in the real IPC into the fake).
 */
import sample from '../src/bindings/stats-sample.json';
import { bounds, canonical } from '../src/stats';
import type { FakeUser } from './fake-shared';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StatsCtx extends FakeUser {
  /** The company's time zone. */
  zone: () => string;
}

const data = sample as Json;
const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The period in words, as core's `words` puts it. */
function label(p: Json, lang: string): string {
  const en = lang === 'en';
  switch (p.kind) {
    case 'month': return en ? `${MONTHS_EN[p.month - 1]} ${p.year}` : `${p.year}年${p.month}月`;
    case 'quarter': return en ? `Q${p.quarter} ${p.year}` : `${p.year}年第${p.quarter}季度`;
    case 'year': return en ? `${p.year}` : `${p.year}年`;
    default: return en ? `${p.from} – ${p.to}` : `${p.from} 至 ${p.to}`;
  }
}

/** The period in a file name: `2026-03`, `2026-Q1`, `2026`, `2026-03-01_2026-03-15`. */
function fileStem(p: Json): string {
  switch (p.kind) {
    case 'month': return `${p.year}-${pad(p.month)}`;
    case 'quarter': return `${p.year}-Q${p.quarter}`;
    case 'year': return `${p.year}`;
    default: return `${p.from}_${p.to}`;
  }
}

/** Midnight of `day` in the company's zone (China has no DST: a fixed offset read once). */
function midnight(day: string, zone: string): string {
  const probe = Date.parse(`${day}T12:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour12: false, hour: '2-digit', minute: '2-digit' }).format(new Date(probe));
  const [h, m] = parts.split(':').map(Number);
  const offsetMin = ((h % 24) * 60 + m) - 12 * 60;
  return new Date(Date.parse(`${day}T00:00:00Z`) - offsetMin * 60_000).toISOString();
}

export function statsCommands(c: StatsCtx) {
  const officeOnly = () => {
    if (c.role() !== 'office') c.fail('forbidden', `only the office reads the reports, not a ${c.role()}`);
  };
  const checkPeriod = (p: Json) => {
    if (!p || !['month', 'quarter', 'year', 'dates'].includes(p.kind)) c.fail('invalid', 'period: unknown kind');
    if (p.kind === 'month' && !(p.month >= 1 && p.month <= 12)) c.fail('invalid', `month: ${p.month} is not 1–12`);
    if (p.kind === 'quarter' && !(p.quarter >= 1 && p.quarter <= 4)) c.fail('invalid', `quarter: ${p.quarter} is not 1–4`);
    if (p.kind === 'dates' && !(p.from <= p.to)) c.fail('invalid', `to: ${p.to} is before ${p.from}`);
  };
  return {
    stats_report: ({ period, lang }: Json) => {
      officeOnly();
      checkPeriod(period);
      const r = structuredClone(data[lang === 'en' ? 'en' : 'zh-CN']);
      const [first, last] = bounds(period);
      const next = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      return { ...r, period, period_label: label(period, lang), from: midnight(first, c.zone()), to: midnight(next, c.zone()) };
    },
    stats_orders: ({ period, drill }: Json) => {
      officeOnly();
      checkPeriod(period);
      const want = canonical(drill);
      const hit = (data.orders as [Json, Json][]).find(([d]) => canonical(d) === want);
      return hit ? structuredClone(hit[1]) : { orders: [], complaints: [], total: 0 };
    },
    stats_export: ({ period, lang, what }: Json) => {
      officeOnly();
      checkPeriod(period);
      const stem = fileStem(period);
      const dir = `/home/${c.user()}/Documents`;
      if (what?.kind === 'csv') {
        const ids = (data[lang === 'en' ? 'en' : 'zh-CN'].tables as Json[]).map((t) => t.id);
        if (!ids.includes(what.table)) c.fail('invalid', `table: no table ${what.table}`);
        return { path: `${dir}/报表-${stem}-${what.table}.csv` };
      }
      if (what?.kind === 'xlsx') return { path: `${dir}/服务报表-${stem}.xlsx` };
      if (what?.kind === 'pdf') return { path: `${dir}/服务报表-${stem}.pdf` };
      return c.fail('invalid', 'what: unknown export');
    },
  };
}

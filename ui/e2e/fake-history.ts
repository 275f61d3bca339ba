/**
 * The fake backend's history 历史 (issue 17; core's `history` module and
 * `service::history`), merged into the commands of fake-backend.ts:
 * `doc_history` and `export_history_csv`.
 *
 * Each seeded document gets a plausible history, made up from the document
 * as the fake holds it (core builds it from the Automerge changes). A work
 * order: the office creates it (device #1, 办公室电脑) and assigns it; its
 * engineer (device #3, their phone, whose clock is 3 days fast: every change
 * of theirs flagged for clock skew) responds, records the work; both set
 * the charge while offline (concurrent: the engineer's value kept); a
 * signed order (WO-087) also has its signing and a change after signing
 * from another device of the engineer's, relayed by the office, and its
 * creation is from before attribution (unknown writer, no receipt); the
 * newest order's last change is not yet received. Customers, contracts,
 * parts and complaints get the office's creation and edits (a part its
 * stock counter). Access as core's: an engineer only their own orders, the
 * office every document; the CSV is the office's.
 *
 * Not importing src/api.ts (it would pull in the real IPC into the fake).
 */
import type { FakeUser } from './fake-shared';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Lang = 'zh-CN' | 'en';

export interface HistoryCtx extends FakeUser {
  /** The seeded (and created) work orders and customers, as the main fake holds them. */
  orders: Json[];
  customers: Json[];
  /** The company's clock-skew margin, minutes (the settings' `clock_skew_minutes`, absent 10). */
  margin: () => number;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** The engineer's phone runs 3 days fast. */
const SKEW_MIN = 3 * 24 * 60;
const iso = (ms: number) => new Date(ms).toISOString();

/** The fields' names, as core words them. */
const LABELS: Record<string, [string, string]> = {
  assignee: ['指派工程师', 'Assigned engineer'],
  status: ['状态', 'Status'],
  'timeline.responded_at': ['响应时间', 'Responded at'],
  'timeline.arrived_at': ['到达时间', 'Arrived at'],
  'service.work_done': ['处理过程', 'Work done'],
  'service.labour_minutes': ['工时（分钟）', 'Labour (minutes)'],
  'charge_override.amount_fen': ['收费调整 · 金额', 'Charge override · amount'],
  'charge_override.reason': ['收费调整 · 原因', 'Charge override · reason'],
  signoff: ['客户签字', 'Customer sign-off'],
  notes: ['备注', 'Notes'],
  org: ['单位名称', 'Organisation'],
  key_customer: ['重点客户', 'Key customer'],
  sites: ['现场', 'Sites'],
  'contacts[0].phones': ['联系人电话', 'Contact phones'],
  ends_on: ['合约结束日', 'Contract ends on'],
  visit_every_months: ['定期维护间隔（月）', 'Visit every (months)'],
  name: ['名称', 'Name'],
  low_threshold: ['低库存阈值', 'Low-stock threshold'],
  'stock.main': ['库存 · 主仓库', 'Stock · main warehouse'],
  'steps.confirm': ['确认', 'Confirm'],
  details: ['投诉内容', 'Details'],
};

interface Writer { actor: string; user: string; display: string; device_id: number | null; device_label: string; source: 'device' | 'server' | 'planned' | null }

const OFFICE: Writer = { actor: '0f1ce0000000000000000000000000a1', user: 'office', display: '调度办公室', device_id: 1, device_label: '办公室电脑', source: 'device' };
const UNKNOWN: Writer = { actor: '5eed0000000000000000000000000000', user: '', display: '', device_id: null, device_label: '', source: null };

/** The engineer's phone (device #3) and, for the change after signing, their tablet (#5). */
function engineer(user: string, display: string, second = false): Writer {
  const hex = Array.from(user).map((c) => c.charCodeAt(0).toString(16)).join('').padEnd(30, '0').slice(0, 30);
  return second
    ? { actor: `${hex}b2`, user, display, device_id: 5, device_label: `${display}的平板`, source: 'device' }
    : { actor: `${hex}a1`, user, display, device_id: 3, device_label: `${display}的手机`, source: 'device' };
}

/** One change as the fake plans it: who, when (true time), its fields, how it reached the server. */
interface Change {
  who: Writer;
  at: number;
  fields: { field: string; op: string; old: string | null; new: string | null }[];
  skewed?: boolean;
  /** Not received yet (no receipt). */
  pending?: boolean;
  via?: 'sync' | 'relay' | 'import' | 'server';
  concurrent?: { with: number; kept: boolean };
  afterSigning?: boolean;
}

/** As core words an amount in the history (`history::build::money`): `¥1200.00`. */
const money = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** A work order's changes, oldest first. */
function orderChanges(w: Json, display: (login: string) => string): Change[] {
  const t0 = Date.parse(w.reported_at);
  const eng = w.assignee ? engineer(w.assignee, display(w.assignee)) : null;
  const legacy = w.id === 'wo:087';
  const out: Change[] = [
    { who: legacy ? UNKNOWN : OFFICE, at: t0, fields: [{ field: '', op: 'created', old: null, new: null }] },
  ];
  if (!eng) return out;
  out.push({ who: OFFICE, at: t0 + 2 * MIN, fields: [{ field: 'assignee', op: 'set', old: null, new: display(w.assignee) }] });
  const responded = w.timeline.responded_at ? Date.parse(w.timeline.responded_at) : t0 + 15 * MIN;
  if (w.status !== 'assigned' && w.status !== 'new') {
    out.push({ who: eng, at: responded, skewed: true, fields: [
      { field: 'status', op: 'set', old: 'assigned', new: 'responded' },
      { field: 'timeline.responded_at', op: 'set', old: null, new: iso(responded).slice(0, 16).replace('T', ' ') + ' UTC' },
    ] });
  }
  const work = w.service.work_done || '更换检测器光源并校准基线';
  out.push({ who: eng, at: responded + 40 * MIN, skewed: true, fields: [
    { field: 'service.work_done', op: 'set', old: null, new: legacy ? '升级固件至 3.2.1' : work },
    { field: 'service.labour_minutes', op: 'set', old: '0', new: String(w.service.labour_minutes || 90) },
  ] });
  // Both set the charge while offline: neither saw the other's; the engineer's value kept.
  const n = out.length + 1;
  out.push({ who: eng, at: responded + 50 * MIN, skewed: true, concurrent: { with: n + 1, kept: true }, fields: [
    { field: 'charge_override.amount_fen', op: 'set', old: null, new: money(120000) },
    { field: 'charge_override.reason', op: 'set', old: null, new: '客户长期合作，减免部分工时费' },
  ] });
  out.push({ who: OFFICE, at: responded + 55 * MIN, concurrent: { with: n, kept: false }, fields: [
    { field: 'charge_override.amount_fen', op: 'set', old: null, new: money(100000) },
    { field: 'charge_override.reason', op: 'set', old: null, new: '按合同价' },
  ] });
  if (w.signoff) {
    const signed = Date.parse(w.signoff.signed_at);
    out.push({ who: eng, at: signed, skewed: true, fields: [
      { field: 'status', op: 'set', old: 'resolved', new: 'signed' },
      { field: 'signoff', op: 'set', old: null, new: `${w.signoff.signer} · ${w.signoff.opinion}` },
    ] });
    out.push({ who: engineer(w.assignee, display(w.assignee), true), at: signed + 3 * 60 * MIN, via: 'relay', afterSigning: true, fields: [
      { field: 'service.work_done', op: 'set', old: '升级固件至 3.2.1', new: w.service.work_done },
    ] });
  } else if (w.id === 'wo:101') {
    out.push({ who: eng, at: responded + 70 * MIN, skewed: true, pending: true, fields: [
      { field: 'notes', op: 'added', old: null, new: '已联系客户，预约上午到场' },
    ] });
  }
  return out;
}

/** Another document's changes: the office creates and edits it (a part: its stock counter too). */
function otherChanges(id: string, created: number): Change[] {
  const kind = id.split(':')[0];
  const fields: Record<string, Change['fields'][]> = {
    cust: [
      [{ field: 'org', op: 'set', old: '华东计量中心', new: '华东计量检测中心' }],
      [{ field: 'sites', op: 'added', old: null, new: '二号实验楼 · 上海市闵行区江川路 1 号' }, { field: 'contacts[0].phones', op: 'added', old: null, new: '13800000101' }],
      [{ field: 'key_customer', op: 'set', old: 'false', new: 'true' }],
    ],
    contract: [[{ field: 'ends_on', op: 'set', old: '2026-12-31', new: '2027-06-30' }], [{ field: 'visit_every_months', op: 'set', old: '6', new: '3' }]],
    part: [[{ field: 'stock.main', op: 'counted', old: null, new: '+20' }], [{ field: 'low_threshold', op: 'set', old: '2', new: '5' }], [{ field: 'stock.main', op: 'counted', old: null, new: '-1' }]],
    complaint: [[{ field: 'steps.confirm', op: 'set', old: null, new: '已确认：批次 2026-02 包装破损' }], [{ field: 'details', op: 'set', old: '包装破损', new: '包装破损，两件受潮' }]],
  };
  return [
    { who: OFFICE, at: created, fields: [{ field: '', op: 'created', old: null, new: null }] },
    ...(fields[kind] ?? [[{ field: 'name', op: 'set', old: '', new: id }]]).map((f, i) => ({ who: OFFICE, at: created + (i + 1) * 3 * 60 * MIN, fields: f })),
  ];
}

/** The changes as core's `DocHistory`, worded in `lang`. */
function toHistory(id: string, changes: Change[], lang: Lang, margin: number): Json {
  const en = lang === 'en';
  const rows: Json[] = [];
  changes.forEach((c, i) => {
    const skew = c.who.source === null ? null : c.skewed ? SKEW_MIN : 0;
    const received = c.pending || c.who.source === null ? null : iso(c.at + 20 * MIN);
    for (const f of c.fields) {
      rows.push({
        change: i + 1, hash: `${(0x5a17 + i * 7919).toString(16).padStart(8, '0')}${id.replace(/[^a-z0-9]/g, '').padEnd(8, '0').slice(0, 8)}`.padEnd(64, 'c'),
        field: f.field, label: f.field ? (LABELS[f.field]?.[en ? 1 : 0] ?? f.field) : '', op: f.op, old: f.old, new: f.new,
        who: { actor: c.who.actor, user: c.who.user, display_name: c.who.source === null ? (en ? 'Unknown' : '未知') : c.who.display,
          device_id: c.who.device_id, device_label: c.who.device_label, source: c.who.source },
        device_time: c.who.source === null ? null : iso(c.at + (skew ?? 0) * MIN),
        received_at: received, via: received ? c.via ?? 'sync' : null,
        skew_minutes: skew, skewed: skew !== null && Math.abs(skew) > margin,
        concurrent_with: c.concurrent && f.field.startsWith('charge_override') ? [c.concurrent.with] : [],
        kept: c.concurrent && f.field.startsWith('charge_override') ? c.concurrent.kept : null,
        after_signing: !!c.afterSigning,
      });
    }
  });
  return {
    id, rows, changes: changes.length, skew_margin_minutes: margin,
    skewed: rows.some((r) => r.skewed), all_received: rows.every((r) => r.received_at !== null),
  };
}

export function historyFake(c: HistoryCtx & { display: (login: string) => string }) {
  const T0 = Date.now();

  /** The document's changes, after core's access check (an engineer: own orders only). */
  function changesOf(id: string): { changes: Change[]; name: string } {
    const w = c.orders.find((o) => o.id === id);
    if (w) {
      if (c.role() !== 'office' && w.assignee !== c.user()) c.fail('forbidden', `${id} is not assigned to ${c.user()}`);
      return { changes: orderChanges(w, c.display), name: w.number };
    }
    if (c.role() !== 'office') c.fail('forbidden', `only the office reads the history of ${id}`);
    if (!/^(cust|contract|part|complaint):/.test(id)) c.fail('not_found', `no document ${id}`);
    return { changes: otherChanges(id, T0 - 40 * DAY), name: id.replace(/[^A-Za-z0-9-]+/g, '-') };
  }

  /** Clock skew of an order for `WorkOrderView.clock_skew_minutes`: its engineer's phone, when above the margin. */
  function orderSkew(w: Json): number | null {
    return w.assignee && w.status !== 'new' && w.status !== 'assigned' && SKEW_MIN > c.margin() ? SKEW_MIN : null;
  }

  const commands: Record<string, (a: Json) => unknown> = {
    doc_history: ({ id, lang }) => toHistory(id, changesOf(id).changes, lang, c.margin()),
    export_history_csv: ({ id, lang }) => {
      if (c.role() !== 'office') c.fail('forbidden', 'only the office exports a history');
      const { name } = changesOf(id);
      return { path: `/home/${c.user()}/Documents/${name}-${lang === 'en' ? 'history' : '历史'}.csv` };
    },
  };
  return { commands, orderSkew };
}

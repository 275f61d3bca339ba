/**
 * The complaint commands of docs/ipc.md for the browser tests' fake
 * backend (fake-backend.ts merges them in): a few seeded complaints, the
 * four steps in core's order, the monthly report in the company's zone.
 * The classes, steps and stages come from core's generated tables
 * (src/bindings/complaint-tables.json, through src/complaints.ts), never
 * written here. The report's closed-order counts are seeded data (the fake
 * has no closed orders): 40 in the month of the older complaints, none in
 * the month before.
 */
import { complaintTables } from '../src/complaints';
import { wallTime, wallToIso } from '../src/zone';
import type { ErrorCode } from '../src/bindings/ErrorCode';
import type { RoomContext } from './fake-shared';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the complaint fake needs from the main fake. */
export interface FakeContext extends RoomContext {
  zone: () => string;
  fail: (code: ErrorCode, message: string) => never;
}

const DAY = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const STEPS = complaintTables.steps;

export function complaintCommands(ctx: FakeContext): Record<string, (a: Json) => unknown> {
  // Seeded at the first command, so a test that fixes the page's clock
  // (after this script loaded) sees the complaints relative to that time.
  let seeded: { complaints: Json[]; closedByMonth: Record<string, number> } | null = null;
  let seq = 1;
  const complaint = (o: Json): Json => ({
    id: `complaint:${seq++}`, customer_id: null, class: complaintTables.classes[0], order_no: '', part_no: '', delivered_on: null,
    quantity: 0, defective_qty: 0, request: '', details: '', steps: [], closed_at: null, work_order_id: null, created_by: 'office',
    closed_by: '', not_ours: null, ...o,
  });
  const step = (k: string, at: number, note: string) => ({ step: k, owner: '吴主管', at: iso(at), note });
  const seed = (T0: number): Json[] => [
    complaint({ customer_id: 'cust:1', order_no: 'PO-2026-0101', part_no: 'PN-1001', quantity: 20, defective_qty: 3,
      request: '更换不良灯', details: '三只氘灯到货即不亮', received_at: iso(T0 - 24 * DAY),
      steps: STEPS.map((k, i) => step(k, T0 - (23 - i) * DAY, '已处理')), closed_at: iso(T0 - 18 * DAY), closed_by: 'office' }),
    complaint({ customer_id: 'cust:2', class: complaintTables.classes[1], order_no: 'PO-2026-0117', part_no: 'PN-2040', quantity: 5,
      defective_qty: 1, request: '免费更换', details: '密封圈安装后漏气', received_at: iso(T0 - 14 * DAY),
      steps: STEPS.slice(0, 2).map((k, i) => step(k, T0 - (13 - i) * DAY, i ? '现场检查为安装不当' : '确认漏气')),
      not_ours: { explanation: '安装时未按说明书涂润滑脂，已向用户说明并示范', by: 'office', at: iso(T0 - 12 * DAY) } }),
    complaint({ customer_id: 'cust:1', order_no: 'PO-2026-0130', part_no: 'PN-3300', quantity: 1, defective_qty: 1,
      request: '尽快维修', details: '主控板上电后报警', received_at: iso(T0 - 2 * 3600_000) }),
  ];
  const monthOf = (ms: number) => wallTime(ms, ctx.zone()).slice(0, 7);
  const state = () => (seeded ??= { complaints: seed(Date.now()), closedByMonth: { [monthOf(Date.now() - 14 * DAY)]: 40 } });
  const reports: Record<string, Json> = {};

  const officeOnly = () => {
    if (ctx.role() !== 'office') ctx.fail('forbidden', `complaints are the office's: a ${ctx.role()} may not read or change them`);
  };
  const find = (id: string) => state().complaints.find((c) => c.id === id) ?? ctx.fail('not_found', `document ${id} not found`);
  const done = (c: Json) => STEPS.findIndex((k) => !c.steps.some((s: Json) => s.step === k));
  const nextStep = (c: Json) => (done(c) === -1 ? null : STEPS[done(c)]);
  const stage = (c: Json) => (c.closed_at ? 'closed' : nextStep(c) ?? 'close');
  const org = (id: string | null) => ctx.customers.find((x) => x.id === id)?.org ?? null;
  const row = (c: Json) => ({
    id: c.id, class: c.class, customer_id: c.customer_id, work_order_id: c.work_order_id, order_no: c.order_no, part_no: c.part_no,
    quantity: c.quantity, defective_qty: c.defective_qty, stage: stage(c), received_at: c.received_at,
    last_step_at: c.steps.at(-1)?.at ?? null, closed_at: c.closed_at, not_ours: !!c.not_ours,
  });
  const view = (c: Json) => ({
    complaint: structuredClone(c), stage: stage(c), next_step: nextStep(c), customer_org: org(c.customer_id),
    work_order_number: ctx.orders.find((o) => o.id === c.work_order_id)?.number ?? null,
    may_find_not_ours: !c.closed_at && (done(c) === -1 || done(c) >= 2), people: { office: '调度办公室', [ctx.user()]: ctx.user() },
  });
  const open = (c: Json) => {
    if (c.closed_at) ctx.fail('illegal_transition', 'the complaint is closed: it can no longer change');
  };
  /** The office changes the open complaint `id` (`change` checks and applies it): its view after. */
  const changeOpen = (id: string, change: (c: Json) => void) => {
    officeOnly();
    const c = find(id);
    open(c);
    change(c);
    ctx.changed();
    return view(c);
  };

  /** The month's report, as core's `MonthlyReport` (rules/complaints.rs in small). */
  function report(year: number, month: number): Json {
    const zone = ctx.zone();
    const key = `${year}-${String(month).padStart(2, '0')}`;
    const [ny, nm] = month === 12 ? [year + 1, 1] : [year, month + 1];
    const nkey = `${ny}-${String(nm).padStart(2, '0')}`;
    const start = wallToIso(`${key}-01`, zone)!;
    const end = wallToIso(`${nkey}-01`, zone)!;
    const due = wallToIso(`${nkey}-05T17:00`, zone)!;
    const lines = state().complaints.filter((c) => c.received_at >= start && c.received_at < end)
      .sort((a, b) => a.received_at.localeCompare(b.received_at))
      .map((c) => ({ id: c.id, received_at: c.received_at, customer_org: org(c.customer_id), class: c.class, order_no: c.order_no,
        part_no: c.part_no, quantity: c.quantity, defective_qty: c.defective_qty, stage: stage(c), not_ours: !!c.not_ours }));
    const closed = state().closedByMonth[key] ?? 0;
    const sub = reports[key] ?? null;
    const now = Date.now();
    const st = sub ? (sub.submitted_at <= due ? 'on_time' : 'late')
      : now < Date.parse(end) ? 'period_open' : now <= Date.parse(due) ? 'due' : 'overdue';
    return {
      year, month, time_zone: zone, period_start: start, period_end: end, due_at: due, state: st,
      by_class: complaintTables.classes.map((c) => ({ class: c, count: lines.filter((l) => l.class === c).length })),
      total: lines.length, not_ours: lines.filter((l) => l.not_ours).length, closed_orders: closed,
      rate: closed ? lines.length / closed : null, submission: sub, submitted_by_name: sub ? '调度办公室' : null, lines,
    };
  }
  function previousMonth(): [number, number] {
    const [y, m] = wallTime(Date.now(), ctx.zone()).slice(0, 7).split('-').map(Number);
    return m === 1 ? [y - 1, 12] : [y, m - 1];
  }

  return {
    list_complaints: ({ filter }) => {
      officeOnly();
      const rank = (c: Json) => complaintTables.stages.indexOf(stage(c));
      const all = state().complaints.filter((c) => !filter?.open_only || !c.closed_at).filter((c) => !filter?.stage || stage(c) === filter.stage)
        .sort((a, b) => rank(a) - rank(b) || a.received_at.localeCompare(b.received_at));
      const from = filter?.offset ?? 0;
      return {
        items: all.slice(from, from + (filter?.limit ?? 50)).map((c) => ({
          ...row(c), customer_org: org(c.customer_id), age_days: Math.max(0, Math.floor((Date.now() - Date.parse(c.received_at)) / DAY)),
        })),
        total: all.length,
      };
    },
    get_complaint: ({ id }) => {
      officeOnly();
      return view(find(id));
    },
    create_complaint: ({ input }) => {
      officeOnly();
      if (!input.details?.trim()) ctx.fail('invalid', 'what the complaint is about is required');
      let wo: Json = null;
      if (input.work_order_number) {
        wo = ctx.orders.find((o) => o.number === input.work_order_number) ?? ctx.fail('invalid', `there is no work order numbered ${input.work_order_number}`);
      }
      if (input.defective_qty > input.quantity && input.quantity > 0) ctx.fail('invalid', 'the defective quantity is more than the quantity');
      const c = complaint({ ...input, customer_id: input.customer_id ?? wo?.customer_id ?? null, work_order_id: wo?.id ?? null,
        received_at: input.received_at ?? iso(Date.now()), created_by: ctx.user() });
      delete c.work_order_number;
      state().complaints.push(c);
      ctx.changed();
      return view(c);
    },
    add_complaint_step: ({ id, input }) => changeOpen(id, (c) => {
      const next = nextStep(c);
      if (input.step !== next) ctx.fail('complaint_step_order', `cannot record the step "${input.step}": the next step of this complaint is "${next}"`);
      if (!input.owner?.trim() || !input.note?.trim()) ctx.fail('invalid', "the step's owner and text are required");
      c.steps.push({ step: input.step, owner: input.owner.trim(), note: input.note.trim(), at: input.at ?? iso(Date.now()) });
    }),
    find_complaint_not_ours: ({ id, explanation }) => changeOpen(id, (c) => {
      if (done(c) !== -1 && done(c) < 2) ctx.fail('complaint_step_order', 'the cause can be found not ours only once the complaint is analysed');
      c.not_ours = { explanation: explanation.trim(), by: ctx.user(), at: iso(Date.now()) };
    }),
    close_complaint: ({ id }) => changeOpen(id, (c) => {
      if (nextStep(c)) ctx.fail('complaint_step_order', `cannot close the complaint yet: the step "${nextStep(c)}" is not done`);
      c.closed_at = iso(Date.now());
      c.closed_by = ctx.user();
    }),
    complaint_report: ({ year, month }) => {
      officeOnly();
      const [y, m] = year && month ? [year, month] : previousMonth();
      return report(y, m);
    },
    submit_complaint_report: ({ year, month }) => {
      officeOnly();
      const r = report(year, month);
      if (r.submission) ctx.fail('already_exists', `the complaint report of ${year}-${month} was already submitted`);
      if (r.state === 'period_open') ctx.fail('invalid', 'the month is not over');
      const key = `${year}-${String(month).padStart(2, '0')}`;
      reports[key] = { id: `complaint_report:${key}`, year, month, submitted_at: iso(Date.now()), submitted_by: ctx.user(),
        complaints: r.total, closed_orders: r.closed_orders };
      ctx.changed();
      return report(year, month);
    },
    export_complaint_report_pdf: ({ year, month }) => ({ path: `/home/${ctx.user()}/Documents/complaint-report-${year}-${String(month).padStart(2, '0')}.pdf` }),
    export_complaint_report_csv: ({ year, month }) => ({ path: `/home/${ctx.user()}/Documents/complaint-report-${year}-${String(month).padStart(2, '0')}.csv` }),
  };
}

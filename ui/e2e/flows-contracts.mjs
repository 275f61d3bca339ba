// Maintenance contracts, planned visits and loaners (issue 15), in each
// language: the office creates a contract, generates its planned visits and
// sees them, shortens it and sees a planned visit cancelled; contract calls
// are marked and listed first; the office issues a loaner from the board's
// prompt and records its return (the units-out list shows it, then not);
// the pool grows on the company settings screen; the engineer ticks the
// checklist of a planned visit and sees the loaner on an order. Each step
// asserts what the user sees. The helpers are helpers.mjs's.
import assert from 'node:assert/strict';
import { OFFICE_WU, callsOf, errorDetails, fillForm, inBothLanguages, openIn, see, toast } from './helpers.mjs';

/** 赵敏: fake-contracts.ts gives her the contract repairs and a planned visit. */
const ZHAO = { role: 'engineer', user: 'zhao', language: 'zh-CN' };
const ZONE = 'Asia/Shanghai';

/** Today in the company's zone plus `n` days, `YYYY-MM-DD`. */
function day(n = 0) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() + n * 86_400_000));
}

/** What the user reads, per language. */
const CT = {
  'zh-CN': {
    nav: '合约', active: '生效中', endingSoon: '即将到期', created: '合约 HT-2026-050 已创建', badDates: '结束日期不能早于开始日期',
    noVisits: '还没有计划维护', planned: '已生成 2 个计划维护', new: '新建', unassigned: '未派工', shorten: '计划维护将被取消',
    saved: '合约已保存 · 已取消 1 个计划维护', cancelled: '已取消', call: '合约', issued: '备用机 LN-03 已借出', loaners: '备用机',
    today: '今天借出', returned: '已记录备用机 LN-03 归还', available: '可用', out: '借出', poolSaved: '设置已保存',
    ticked: '已勾选：软硬件系统检验', invalid: '输入的内容不正确', details: '详情', window: '应完成期间', notReturned: '未归还', days2: '已借出 2 天', customerContract: '生效中',
  },
  en: {
    nav: 'Contracts', active: 'Active', endingSoon: 'Ending soon', created: 'Contract HT-2026-050 created', badDates: 'Ends on cannot be before the start',
    noVisits: 'No planned visits yet', planned: '2 planned visit(s) created', new: 'New', unassigned: 'Unassigned', shorten: 'planned visits',
    saved: 'Contract saved · 1 planned visit(s) cancelled', cancelled: 'Cancelled', call: 'Contract', issued: 'Loaner LN-03 issued', loaners: 'Loaners',
    today: 'Out since today', returned: 'Return of loaner LN-03 recorded', available: 'Available', out: 'Out', poolSaved: 'Settings saved',
    ticked: 'Ticked: 软硬件系统检验', invalid: 'Something entered is not right', details: 'Details', window: 'Due between', notReturned: 'Not returned', days2: 'Out 2 days', customerContract: 'Active',
  },
};

/** The office: the list, a new contract, its planned visits, shortening it. */
async function officeContracts({ page, base, shot }, lang) {
  const L = CT[lang];
  await openIn(page, base, lang);
  await page.getByTestId('nav-contracts').click();
  await see(page.getByTestId('nav-contracts'), L.nav);
  await see(page.getByTestId('contract-row-HT-2026-001').getByTestId('contract-state'), L.active);
  await see(page.getByTestId('contract-row-HT-2025-014').getByTestId('contract-state'), L.endingSoon);
  await page.getByTestId('contract-filter-ending_soon').click();
  await page.getByTestId('contract-row-HT-2026-001').waitFor({ state: 'detached' });
  await see(page.getByTestId('contract-row-HT-2025-014'), '江苏省疾病预防控制中心');
  await page.getByTestId('contract-filter-all').click();
  await shot('1-list');

  // A new contract: the customer, its instrument, 40 days ago for a year, a visit every month.
  await page.getByTestId('contract-new').click();
  await page.getByTestId('contract-customer').selectOption('cust:1');
  await page.getByTestId('contract-serial-SN-A1-2201').check();
  await page.getByTestId('contract-number').fill('HT-2026-050');
  assert.equal(await page.getByTestId('contract-interval').inputValue(), '3', 'a visit every 3 months by default');
  await page.getByTestId('contract-starts').fill(day(-40));
  await page.getByTestId('contract-ends').fill('2020-01-01');
  await page.getByTestId('contract-create').click();
  await toast(page, L.badDates);
  await page.getByTestId('contract-ends').fill(day(300));
  // A number in use: refused by core, its message (naming the field) in the details fold.
  await page.getByTestId('contract-number').fill('HT-2026-001');
  await page.getByTestId('contract-create').click();
  await errorDetails(page, L, 'number: contract HT-2026-001 exists');
  await fillForm(page, [['contract-number', 'HT-2026-050'], ['contract-interval', '1'], ['contract-labour', '0'], ['contract-parts', { option: 'free' }]],
    { shot, shotName: '2-new', submit: 'contract-create', done: L.created });
  await see(page.getByTestId('contract-title'), 'HT-2026-050');
  await see(page.getByTestId('visits-empty'), L.noVisits);
  const sent = (await callsOf(page, 'create_contract', (a) => a.contract)).at(-1);
  assert.deepEqual([sent.customer_id, sent.equipment_serials, sent.labour_fen_per_hour, sent.parts, sent.visit_every_months], ['cust:1', ['SN-A1-2201'], 0, 'free', 1]);

  // 生成计划维护: the current month's period and the one starting within 30 days.
  await page.getByTestId('plan-visits').click();
  await toast(page, L.planned);
  const visits = page.getByTestId('contract-visits').locator('tr');
  await see(visits.nth(1).getByTestId('visit-status'), L.new);
  await see(visits.nth(1).getByTestId('visit-assignee'), L.unassigned);
  assert.equal(await visits.count(), 2);
  await shot('3-visits');

  // Shortened to end today: the visit starting later is cancelled (asked first).
  await page.getByTestId('contract-edit').click();
  await page.getByTestId('contract-ends').fill(day(0));
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
  await page.getByTestId('contract-save').click();
  await toast(page, L.saved);
  assert.ok(asked.includes(L.shorten), `asked: ${asked}`);
  await see(visits.nth(1).getByTestId('visit-status'), L.cancelled);
  await see(visits.nth(0).getByTestId('visit-status'), L.new);
  const edit = (await callsOf(page, 'edit_contract', (a) => a.edit)).at(-1);
  assert.deepEqual(edit, { ends_on: day(0) }, 'only the changed field is sent');
  await see(page.getByTestId('contract-ends-on'), day(0));
  await shot('4-shortened');

  // The customer's equipment shows its contract.
  await page.getByTestId('contract-customer-link').click();
  await see(page.getByTestId('equipment-SN-A1-2201').getByTestId('equipment-contract-shown'), 'HT-2026-050');
}

/** The office: contract calls first, a loaner issued from the prompt and returned, the pool on the settings screen. */
async function officeLoaners({ page, base, shot }, lang) {
  const L = CT[lang];
  await openIn(page, base, lang);
  await page.getByTestId('nav-board').click();
  const board = page.getByTestId('screen-board');
  await see(page.getByTestId('wo-row-WO-2026-03-000082'), '江苏省疾病预防控制中心');
  const rows = await board.locator('[data-testid^="wo-row-"]').evaluateAll((els) => els.map((e) => e.dataset.testid));
  assert.deepEqual(rows.slice(0, 2).sort(), ['wo-row-WO-2026-03-000082', 'wo-row-WO-2026-03-000083'], 'contract calls first');
  await see(page.getByTestId('wo-row-WO-2026-03-000082').getByTestId('contract-call'), L.call);
  assert.equal(await page.getByTestId('wo-row-WO-2026-03-000101').getByTestId('contract-call').count(), 0, 'not a contract call');
  // The planned visit of the active contract waits on the board, unassigned.
  const pm = board.locator('[data-testid^="wo-row-PM-HT-2026-001-"]');
  await see(pm.getByTestId('row-assignee'), lang === 'en' ? 'Unassigned' : '未派工');
  await see(pm.getByTestId('row-planned'), lang === 'en' ? /Planned visit · due by \d{4}-\d{2}-\d{2}/ : /计划维护 · \d{4}-\d{2}-\d{2} 前完成/);
  await pm.getByTestId('assign-select').selectOption('li');
  await pm.getByTestId('assign-button').click();
  await see(board.locator('[data-testid^="wo-row-PM-HT-2026-001-"]').getByTestId('row-assignee'), '李娜');

  // The late repair's prompt: 安排备用机 → an available unit, now.
  const late = page.getByTestId('wo-row-WO-2026-03-000082');
  await late.getByTestId('loaner-prompt').waitFor();
  await late.getByTestId('loaner-issue-open').click();
  const units = await late.getByTestId('loaner-unit').locator('option').allInnerTexts();
  assert.equal(units.length, 2, 'LN-02 is out: two units available');
  await late.getByTestId('loaner-unit').selectOption('LN-03');
  await shot('1-issue');
  await late.getByTestId('loaner-issue-submit').click();
  await toast(page, L.issued);
  await late.getByTestId('loaner-prompt').waitFor({ state: 'detached' });
  const issued = (await callsOf(page, 'issue_loaner')).at(-1);
  assert.deepEqual(issued, { workOrderId: 'wo:082', serial: 'LN-03', issuedAt: null }, 'issued now');

  // The units out: LN-03 with its customer, today; LN-02 two days.
  await page.getByTestId('nav-loaners').click();
  await see(page.getByTestId('loaner-out-LN-03'), '江苏省疾病预防控制中心');
  await see(page.getByTestId('loaner-out-LN-03').getByTestId('loaner-days'), L.today);
  await see(page.getByTestId('loaner-out-LN-02').getByTestId('loaner-days'), L.days2);
  await see(page.getByTestId('loaner-LN-01').getByTestId('loaner-state'), L.available);
  await shot('2-out');

  // The return, from the order.
  await page.getByTestId('loaner-out-LN-03').getByTestId('loaner-order').click();
  await see(page.getByTestId('loaner-serial'), 'LN-03');
  await see(page.getByTestId('loaner-returned'), L.notReturned);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('loaner-return').click();
  await toast(page, L.returned);
  await page.getByTestId('loaner-return').waitFor({ state: 'detached' });
  await page.getByTestId('nav-loaners').click();
  await see(page.getByTestId('loaner-LN-03').getByTestId('loaner-state'), L.available);
  assert.equal(await page.getByTestId('loaner-out-LN-03').count(), 0, 'no longer out');
  await shot('3-returned');

  // The pool: a fourth unit, one retired.
  await page.getByTestId('nav-company').click();
  await page.getByTestId('pool-add').click();
  await fillForm(page, [['pool-serial-3', 'LN-04'], ['pool-model-3', 'GC-9800 气相色谱仪']]);
  await page.getByTestId('pool-retire-0').click();
  await page.getByTestId('company-save').click();
  await toast(page, L.poolSaved);
  const pool = (await callsOf(page, 'save_company_settings', (a) => a.input.loaners)).at(-1);
  assert.deepEqual(pool.map((u) => [u.serial, u.retired]), [['LN-01', true], ['LN-02', false], ['LN-03', false], ['LN-04', false]]);
}

/** 赵敏 on site: a planned visit's due window and checklist, ticked; the loaner on her contract repair. */
async function engineerVisit({ page, base, shot }, lang) {
  const L = CT[lang];
  await openIn(page, base, lang);
  await page.getByTestId('nav-orders').click();
  await see(page.getByTestId('wo-row-WO-2026-03-000083').getByTestId('contract-call'), L.call);
  await page.locator('[data-testid^="wo-row-PM-HT-2025-014-"] a').first().click();
  await see(page.getByTestId('planned-visit'), L.window);
  const items = page.getByTestId('checklist').locator('li');
  assert.equal(await items.count(), 5, 'the seed\'s five items');
  await page.getByTestId('check-item-0').check();
  await toast(page, L.ticked);
  await page.getByTestId('check-item-2').check();
  assert.ok(await page.getByTestId('check-item-0').isChecked());
  const ticks = await callsOf(page, 'tick_check_item', (a) => [a.index, a.done]);
  assert.deepEqual(ticks, [[0, true], [2, true]]);
  await shot('1-checklist');

  // The loaner the customer holds, read-only for her.
  await page.getByTestId('nav-orders').click();
  await page.getByTestId('wo-row-WO-2026-03-000083').locator('a').first().click();
  await see(page.getByTestId('loaner-serial'), 'LN-02');
  await see(page.getByTestId('loaner-returned'), L.notReturned);
  assert.equal(await page.getByTestId('loaner-return').count(), 0, 'the office records the return');
  assert.equal(await page.getByTestId('nav-contracts').count(), 0, 'no contracts for an engineer');
  await shot('2-loaner');
}

/** The flows. */
export const contractFlows = [
  ...inBothLanguages('contracts', OFFICE_WU, officeContracts),
  ...inBothLanguages('loaners', OFFICE_WU, officeLoaners),
  ...inBothLanguages('contracts-engineer', ZHAO, engineerVisit),
];

// The phone desk (issue 13, item 2), in each language: the dispatch view
// (unassigned first, each engineer's load and most urgent clock, assign
// and reassign from there), the order search with its filters (closed
// orders included) and editing an order's details until it is signed. An
// engineer searches only their own orders and has no dispatch view. Each
// step asserts what the user sees. The helpers are helpers.mjs's.
import assert from 'node:assert/strict';
import { OFFICE_WU, ZHANG, callsOf, engineerHome, fillForm, inBothLanguages, openIn, see, seeAll, toast } from './helpers.mjs';

const WO = (n) => `WO-2026-03-000${n}`;

/** What the office reads, per language. */
const DISPATCH = {
  'zh-CN': {
    nav: '派工台', unassigned: (n) => `待派工 (${n})`, load: (n) => `在办 ${n} 单`, idle: '空闲', urgent: '最紧急：响应：',
    assigned: (name) => `已派给 ${name}`, found: (n) => `共找到 ${n} 张工单`, none: '没有符合条件的工单', closed: '工单已关闭',
    closedStatus: '已关闭', saved: '工单信息已修改', locked: '客户已签字', lockedClosed: '工单已关闭或已取消', backwards: '来电日期',
  },
  en: {
    nav: 'Dispatch', unassigned: (n) => `Unassigned (${n})`, load: (n) => `${n} open`, idle: 'Free', urgent: 'Most urgent: Response:',
    assigned: (name) => `Assigned to ${name}`, found: (n) => `${n} work order${n === 1 ? '' : 's'} found`, none: 'No work orders match',
    closed: 'Work order closed', closedStatus: 'Closed', saved: 'Order details saved', locked: 'The customer has signed',
    lockedClosed: 'The order is closed or cancelled', backwards: 'call dates',
  },
};

/** Chooses `engineer` in the assign control inside `row` and presses it. */
async function assignIn(row, engineer) {
  await row.getByTestId('assign-select').selectOption(engineer);
  await row.getByTestId('assign-button').click();
}

/** The office's phone desk: dispatch, search, edit. */
async function officeDesk({ page, base, shot }, lang) {
  const L = DISPATCH[lang];
  await openIn(page, base, lang);

  // Dispatch: two unassigned (the P1 first), then each engineer with their load.
  await page.getByTestId('nav-dispatch').click();
  await see(page.getByTestId('nav-dispatch'), L.nav);
  // Three: fake-contracts.ts's planned visit (P3) is unassigned too.
  await see(page.getByTestId('dispatch-unassigned'), L.unassigned(3));
  const screen = page.getByTestId('screen-dispatch');
  const rows = await screen.locator(':scope > .wo-row').evaluateAll((els) => els.map((e) => e.dataset.testid));
  assert.deepEqual(rows.slice(0, 2), [`wo-row-${WO('099')}`, `wo-row-${WO('090')}`], 'unassigned, the P1 first');
  const zhang = page.getByTestId('dispatch-engineer-zhang');
  await see(zhang.getByTestId('engineer-load'), L.load(2));
  await see(zhang.getByTestId('engineer-urgent'), L.urgent);
  await see(zhang.getByTestId('engineer-urgent'), WO('101'));
  assert.equal(await zhang.getByTestId(`wo-row-${WO('087')}`).count(), 0, 'a signed order is no longer his load');
  await see(page.getByTestId('dispatch-engineer-li').getByTestId('engineer-load'), L.idle);
  await shot('1-dispatch');

  // Assign the P1 to 李娜 and move 王强's order to 陈刚, from the view.
  await assignIn(page.getByTestId(`wo-row-${WO('099')}`), 'li');
  await toast(page, L.assigned('李娜'));
  await see(page.getByTestId('dispatch-unassigned'), L.unassigned(2));
  await see(page.getByTestId('dispatch-engineer-li').getByTestId('engineer-load'), L.load(1));
  await assignIn(page.getByTestId('dispatch-engineer-wang').getByTestId(`wo-row-${WO('093')}`), 'chen');
  await toast(page, L.assigned('陈刚'));
  await see(page.getByTestId('dispatch-engineer-wang').getByTestId('engineer-load'), L.idle);
  await see(page.getByTestId('dispatch-engineer-chen').getByTestId('engineer-load'), L.load(1));
  await see(page.getByTestId('dispatch-engineer-chen'), WO('093'));
  await shot('2-assigned');

  // Close the filed order, then find it among the closed ones and open it.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:085')}`);
  await page.getByTestId('act-close').click();
  await toast(page, L.closed);
  await page.getByTestId('nav-search').click();
  await see(page.getByTestId('search-found'), L.found(12));
  await page.getByTestId('search-status').selectOption('set:final');
  await see(page.getByTestId('search-found'), L.found(1));
  await page.getByTestId(`wo-row-${WO('085')}`).click();
  await see(page.getByTestId('wo-status'), L.closedStatus);
  await see(page.getByTestId('order-locked'), L.lockedClosed);

  // Words (a serial number, any case) and a priority narrow the search.
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-query').fill('sn-b7');
  await see(page.getByTestId('search-found'), L.found(4));
  await page.getByTestId('search-priority').selectOption('P1');
  await see(page.getByTestId('search-found'), L.found(1));
  await see(page.getByTestId(`wo-row-${WO('099')}`), '李娜');
  await shot('3-search');
  await page.getByTestId('search-query').fill('没有这个用户');
  await see(page.getByTestId('search-none'), L.none);
  await page.getByTestId('search-clear').click();
  await see(page.getByTestId('search-found'), L.found(12));

  // Edit an order's details after the call: priority, fault, repair items.
  await page.getByTestId('search-query').fill('000090');
  await see(page.getByTestId('search-found'), L.found(1));
  await page.getByTestId(`wo-row-${WO('090')}`).click();
  await page.getByTestId('order-edit').click();
  await fillForm(page, [['edit-priority', { option: 'P1' }], ['edit-fault', '自动进样器卡针，针头弯曲'], ['edit-items', '更换进样针\n\n校准进样器'],
    ['edit-estimate', '800']], { shot, shotName: '4-edit', submit: 'edit-save', done: L.saved });
  await seeAll(page, [['fault', '自动进样器卡针，针头弯曲'], ['repair-items', '校准进样器'], ['estimate', '¥800.00']]);
  await see(page.locator('h1'), 'P1');
  const sent = await callsOf(page, 'update_order', (a) => a.patch);
  assert.deepEqual(sent, [{ priority: 'P1', fault: '自动进样器卡针，针头弯曲', repair_items: ['更换进样针', '校准进样器'], estimate_fen: 80000 }],
    'only the changed fields, blank items dropped');

  // A signed order's details can no longer change.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:087')}`);
  await see(page.getByTestId('order-locked'), L.locked);
  assert.equal(await page.getByTestId('order-edit').count(), 0, 'no edit button once signed');
  await shot('5-signed');
}

/** An engineer finds only their own orders and has no dispatch view. */
async function engineerSearch({ page, base }) {
  await engineerHome(page, base, ['nav-dispatch'], 'no dispatch link for an engineer');
  await page.getByTestId('nav-search').click();
  await see(page.getByTestId('search-found'), '共找到 3 张工单');
  assert.equal(await page.getByTestId('search-engineer').count(), 0, 'no engineer filter: only his own');
  await page.goto(`${base}#/dispatch`);
  await page.getByTestId('screen-orders').waitFor();
  assert.equal(await page.getByTestId('screen-dispatch').count(), 0, 'the dispatch view is the office\'s');
  const calls = await page.evaluate(() => window.__onsiteCalls.map((c) => c.cmd));
  assert.ok(!calls.includes('dispatch_board'), 'never asked for');
}

/** The flows. */
export const dispatchFlows = [
  ...inBothLanguages('dispatch', OFFICE_WU, officeDesk),
  { name: 'dispatch-engineer-zh', fake: ZHANG, run: engineerSearch },
];

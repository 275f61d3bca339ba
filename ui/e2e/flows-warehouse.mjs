// The parts warehouse (issue 14, items 1–3), in each language: the
// storekeeper's desk (stock per warehouse, adding a part, goods received
// into the branch store, a stocktake, the movements, a duplicate part
// number refused with core's message, confirming a pickup with a different
// count, the parts engineers have not returned with their age) and the
// engineer picking from the branch store. Each step asserts what the user
// sees. The helpers are helpers.mjs's.
import assert from 'node:assert/strict';
import { OFFICE_WU, ZHANG, callsOf, errorDetails, fillForm, inBothLanguages, openIn, see, seeAll, toast, toLanguage } from './helpers.mjs';

const STOREKEEPER = { role: 'storekeeper', user: 'store-liu', language: 'zh-CN' };

/** What the user reads, per language. */
const WH = {
  'zh-CN': {
    stock: '库存', confirm: '待确认', outstanding: '未归还', main: '总库', branch: '分库', low: '库存偏低', negative: '库存为负', retired: '停用',
    added: '已添加备件 PS-100', received: '已入库 5个', stocktaken: '盘点已登记：分库 4个', countedTo: '盘点为 4', receivedKind: '入库', stocktakeKind: '盘点',
    invalid: '输入的内容不正确', details: '详情', awaiting: '待确认', disputed: '领用 2，清点 1', disputedPill: '数量有异议',
    pickupDone: '已确认领用：PN-1001', returnDone: '已确认退回：PN-2040', age5: '5 天', age2: '2 天', today: '今天', out2: '未归还 2', picked: '已领用 1 件',
    returnAwaiting: '退回待确认', reason: '盘点少一个', saved: '备件资料已保存', retiredDone: '已停用 PS-100', retiredPill: '已停用', reactivated: '已重新启用 PS-100',
  },
  en: {
    stock: 'Stock', confirm: 'To confirm', outstanding: 'Not returned', main: '总库', branch: '分库', low: 'Low stock', negative: 'Negative stock', retired: 'Retired',
    added: 'Part PS-100 added', received: 'Received 5 个', stocktaken: 'Stocktake recorded: 分库 4 个', countedTo: 'counted 4', receivedKind: 'Received', stocktakeKind: 'Stocktake',
    invalid: 'Something entered is not right', details: 'Details', awaiting: 'Awaiting confirmation', disputed: '2 picked, 1 counted', disputedPill: 'Quantity disputed',
    pickupDone: 'Pickup confirmed: PN-1001', returnDone: 'Return confirmed: PN-2040', age5: '5 days', age2: '2 days', today: 'today', out2: '2 outstanding', picked: 'Picked up 1',
    returnAwaiting: 'Return awaiting confirmation', reason: 'one short', saved: 'Part details saved', retiredDone: 'PS-100 retired', retiredPill: 'Retired', reactivated: 'PS-100 reactivated',
  },
};

/** The storekeeper's desk, start to end. */
async function storekeeperDesk({ page, base, shot }, lang) {
  const L = WH[lang];
  // Home is the stock screen: no work orders, no order search.
  await page.goto(base);
  await page.getByTestId('screen-stock').waitFor();
  assert.equal(await page.getByTestId('nav-orders').count(), 0, 'no 我的工单 for the storekeeper');
  assert.equal(await page.getByTestId('nav-search').count(), 0, 'no order search for the storekeeper');
  await toLanguage(page, base, lang);
  await page.getByTestId('nav-stock').click();
  await see(page.getByTestId('nav-stock'), L.stock);
  await see(page.getByTestId('nav-confirm'), L.confirm);
  await see(page.getByTestId('nav-outstanding'), L.outstanding);

  // The main store: low and negative flagged, the retired part greyed and last.
  await see(page.getByTestId('stock-PN-3300'), L.negative);
  await see(page.getByTestId('stock-PN-2040'), L.low);
  await see(page.getByTestId('stock-PN-0900'), L.retired);
  const order = await page.getByTestId('stock-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.testid));
  assert.equal(order.at(-1), 'stock-PN-0900', 'retired parts last');
  assert.equal(await page.getByTestId('stock-PN-0900').evaluate((r) => r.classList.contains('retired')), true, 'greyed');
  // The branch store has its own counts.
  await page.getByTestId('stock-warehouse').selectOption('branch');
  await see(page.getByTestId('stock-PN-2040'), '10');
  assert.equal(await page.getByTestId('stock-PN-2040').getAttribute('data-warehouse'), 'branch');
  await shot('1-stock-branch');

  // A new part: prices typed in yuan, sent in fen.
  await page.getByTestId('add-part').click();
  await fillForm(page, [['new-part-no', 'PS-100'], ['new-part-name', '流通池'], ['new-part-cost', '1200.5'], ['new-part-price', '1,800'],
    ['new-part-low', '2']], { shot, shotName: '2-add-part', submit: 'new-part-submit', done: L.added });
  await seeAll(page, [['part-no', 'PS-100'], ['part-cost', '¥1,200.50'], ['part-price', '¥1,800.00']]);
  const sent = await callsOf(page, 'add_part', (a) => a.part);
  assert.deepEqual(sent, [{ part_no: 'PS-100', name: '流通池', unit: '个', unit_cost_fen: 120050, standard_price_fen: 180000, low_threshold: 2 }]);
  await see(page.getByTestId('part-stock-main'), '0');
  await see(page.getByTestId('part-stock-branch'), '0');

  // Goods received into the branch store, then a stocktake there finds one fewer.
  await fillForm(page, [['receive-warehouse', { option: 'branch' }], ['receive-qty', '5'], ['receive-reason', 'PO-2026-118']],
    { submit: 'receive-submit', done: L.received });
  await see(page.getByTestId('part-stock-branch'), '5');
  await fillForm(page, [['stocktake-warehouse', { option: 'branch' }], ['stocktake-qty', '4']],
    { submit: 'stocktake-submit', done: lang === 'en' ? 'give the reason' : '请填写盘点原因' });
  await page.getByTestId('stocktake-reason').fill(L.reason);
  await page.getByTestId('stocktake-submit').click();
  await toast(page, L.stocktaken);
  await see(page.getByTestId('part-stock-branch'), '4');
  await see(page.getByTestId('part-stock-main'), '0');

  // The movements, newest first: who, what, where, how many, why.
  const moves = page.getByTestId('move');
  await see(moves.nth(0), L.stocktakeKind);
  await see(moves.nth(0), '−1');
  await see(moves.nth(0), L.countedTo);
  await see(moves.nth(0), L.reason);
  await see(moves.nth(0), L.branch);
  await see(moves.nth(0), '刘芳'); // the storekeeper, by name
  await see(moves.nth(1), L.receivedKind);
  await see(moves.nth(1), '+5');
  await see(moves.nth(1), 'PO-2026-118');
  assert.equal(await moves.count(), 2);
  await shot('3-part-moves');

  // Details: a new price, only that field sent; then the part is retired (no more movements) and listed greyed, last.
  await page.getByTestId('part-edit').click();
  await page.getByTestId('edit-part-price').fill('1900');
  await page.getByTestId('edit-part-save').click();
  await toast(page, L.saved);
  await see(page.getByTestId('part-price'), '¥1,900.00');
  const edits = await callsOf(page, 'edit_part', (a) => a.edit);
  assert.deepEqual(edits, [{ standard_price_fen: 190000 }]);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('part-retire').click();
  await toast(page, L.retiredDone);
  await see(page.getByTestId('part-retired'), L.retiredPill);
  assert.equal(await page.getByTestId('receive-form').count(), 0, 'a retired part takes no goods');
  assert.equal(await page.getByTestId('stocktake-form').count(), 0, 'nor a stocktake');
  await page.getByTestId('part-back').click();
  await see(page.getByTestId('stock-PS-100'), L.retired);
  const rows = await page.getByTestId('stock-table').locator('tbody tr').evaluateAll((r) => r.map((x) => x.dataset.testid));
  assert.deepEqual(rows.slice(-2).sort(), ['stock-PN-0900', 'stock-PS-100'], 'retired parts last');
  await page.getByTestId('open-part-PS-100').click();
  await page.getByTestId('part-reactivate').click();
  await toast(page, L.reactivated);
  await page.getByTestId('receive-form').waitFor();

  // A part number that exists is refused, core's message in the details.
  await page.getByTestId('part-back').click();
  await page.getByTestId('add-part').click();
  await fillForm(page, [['new-part-no', 'PN-1001'], ['new-part-name', '重复的备件']], { submit: 'new-part-submit' });
  const box = await errorDetails(page, L, 'part number PN-1001 exists');
  await see(box.getByTestId('toast-text'), L.invalid);
  await shot('4-duplicate');
  assert.equal(await page.getByTestId('screen-stock').count(), 1, 'still on the stock screen, the form kept');
  assert.equal(await page.getByTestId('new-part-no').inputValue(), 'PN-1001');

  // 待确认: 杨金伟's pickup of 2 is counted as 1 → disputed, both numbers shown.
  await page.getByTestId('nav-confirm').click();
  const yang = page.getByTestId('confirm-PN-1001-yangjinwei');
  await see(yang.getByTestId('pickup-state'), L.awaiting);
  await see(yang, 'WO-2026-03-000095');
  await see(yang, '杨金伟');
  assert.ok(!(await yang.innerText()).includes('yangjinwei'), 'engineers by name, not login');
  assert.equal(await yang.getByTestId('pickup-counted').inputValue(), '2', 'prefilled with the quantity picked');
  await yang.getByTestId('pickup-counted').fill('1');
  await yang.getByTestId('confirm-pickup').click();
  await toast(page, L.pickupDone);
  await see(yang.getByTestId('pickup-state'), L.disputedPill);
  await see(yang.getByTestId('pickup-disputed'), L.disputed);
  // 王强's return of 1, counted as returned: confirmed, and the row leaves the list.
  const wang = page.getByTestId('confirm-PN-2040-wang');
  await see(wang.getByTestId('return-state'), L.returnAwaiting);
  assert.equal(await wang.getByTestId('return-counted').inputValue(), '1');
  await wang.getByTestId('confirm-return').click();
  await toast(page, L.returnDone);
  await wang.waitFor({ state: 'detached' });
  await shot('5-confirm-disputed');

  // 未归还: per engineer, with the age in days.
  await page.getByTestId('nav-outstanding').click();
  const yangOut = page.getByTestId('outstanding-yangjinwei');
  await see(yangOut.locator('h2'), '杨金伟');
  await see(page.getByTestId('outstanding-wang').locator('h2'), '王强');
  await see(yangOut.getByTestId('outstanding-row-PN-1001'), L.age5);
  await see(yangOut.getByTestId('outstanding-row-PN-1001'), L.disputedPill);
  const wangOut = page.getByTestId('outstanding-wang');
  await see(wangOut.getByTestId('outstanding-row-PN-2040'), L.out2);
  await see(wangOut.getByTestId('outstanding-row-PN-2040'), L.age2);
  await see(wangOut, L.branch);
  await shot('6-outstanding');
}

/** The engineer picks from the branch store: the line says which store and that it awaits confirmation; his own parts not returned. */
async function engineerPicks({ page, base, shot }, lang) {
  const L = WH[lang];
  await openIn(page, base, lang);
  assert.equal(await page.getByTestId('nav-confirm').count(), 0, 'confirming is the warehouse\'s');
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:101')}/parts`);
  await page.getByTestId('pickup-warehouse').selectOption('branch');
  await see(page.getByTestId('stock-table'), L.branch);
  const options = await page.getByTestId('pickup-part').locator('option').allInnerTexts();
  assert.ok(!options.some((o) => o.includes('PN-0900')), 'a retired part is not offered');
  await fillForm(page, [['pickup-part', { option: 'part:PN-1001' }], ['pickup-qty', '1']], { submit: 'pickup-submit', done: L.picked });
  await see(page.getByTestId('pickup-state-PN-1001'), L.awaiting);
  await see(page.getByTestId('pickup-warehouse-PN-1001'), L.branch);
  const sent = await callsOf(page, 'pickup_parts', (a) => a.warehouse);
  assert.deepEqual(sent, ['branch']);
  await see(page.getByTestId('stock-PN-1001'), '2');
  await shot('1-picked-branch');

  // His own parts not returned, picked today; nobody else's.
  await page.getByTestId('parts-outstanding').click();
  await see(page.getByTestId('outstanding-zhang').getByTestId('outstanding-row-PN-1001'), L.today);
  await see(page.getByTestId('outstanding-zhang'), L.branch);
  await see(page.getByTestId('outstanding-zhang').locator('h2'), '张伟');
  assert.equal(await page.getByTestId('outstanding-yangjinwei').count(), 0, 'an engineer sees only his own');
  await shot('2-own-outstanding');
}

/** The office has the warehouse's three screens too, and names and adds warehouses in the company settings. */
async function officeWarehouse({ page, base, shot }) {
  await page.goto(base);
  await page.getByTestId('screen-board').waitFor();
  await page.getByTestId('nav-confirm').click();
  await see(page.getByTestId('confirm-PN-1001-yangjinwei'), 'PN-1001');
  await page.getByTestId('nav-outstanding').click();
  await see(page.getByTestId('outstanding-wang'), 'PN-2040');

  // The company settings: rename the branch store, add a third; a bad code is refused naming it.
  await page.getByTestId('nav-company').click();
  await see(page.getByTestId('company-warehouses'), 'branch');
  assert.equal(await page.getByTestId('warehouse-code-0').count(), 0, 'a code in force cannot change');
  await page.getByTestId('warehouse-name-1').fill('北京分库');
  await page.getByTestId('warehouse-add').click();
  await fillForm(page, [['warehouse-code-2', 'East 1'], ['warehouse-name-2', '华东库']], { submit: 'company-save' });
  await errorDetails(page, WH['zh-CN'], 'warehouse: code "East 1"');
  await page.getByTestId('warehouse-code-2').fill('east');
  await page.getByTestId('company-save').click();
  await toast(page, '设置已保存');
  await shot('1-warehouses');
  const sent = (await callsOf(page, 'save_company_settings', (a) => a.input.warehouses)).at(-1);
  assert.deepEqual(sent, [{ code: 'main', name: '总库' }, { code: 'branch', name: '北京分库' }, { code: 'east', name: '华东库' }]);

  // The stock screen offers them, the new one empty of stock.
  await page.getByTestId('nav-stock').click();
  await page.getByTestId('add-part').waitFor();
  const names = await page.getByTestId('stock-warehouse').locator('option').allInnerTexts();
  assert.deepEqual(names.slice(0, 3), ['总库', '北京分库', '华东库']);
  await page.getByTestId('stock-warehouse').selectOption('east');
  await see(page.getByTestId('stock-PN-1001'), '华东库');
}

/** The flows. */
export const warehouseFlows = [
  ...inBothLanguages('warehouse', STOREKEEPER, storekeeperDesk),
  ...inBothLanguages('warehouse-engineer', ZHANG, engineerPicks),
  { name: 'warehouse-office-zh', fake: OFFICE_WU, run: officeWarehouse },
];

// The parts warehouse through the real Onsite windows, against the sync
// server scripts/app-e2e.sh seeded with the demo data (the catalogue stocked
// in two warehouses, 总库 and 分库):
//
// 1. the engineer yangjinwei (杨金伟), with the network off, picks two
//    分流衬管 from the branch store 分库 for one of his open orders; the
//    picked line says 待确认 and the app holds the change until the network
//    comes back, then syncs it;
// 2. the storekeeper's window opens on the stock screen; under 待确认 the
//    pickup arrives from the server with the engineer, the warehouse and the
//    order; the storekeeper counts two and confirms it: it leaves the list,
//    the server's copy of the pickup records who confirmed and what was
//    counted; 未归还 lists it under the engineer, picked today; the part's
//    movements list the pickup (who, 分库, −2, the order);
// 3. the engineer's window, opened again, shows the line 已确认.
//
// Screens are saved to target/test-output/app-e2e/warehouse-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { env, findKey, serverDoc, syncUntil, withApp } from './lib/app.mjs';
import { networkOff, networkOn } from './lib/network.mjs';

const PART = 'GC-LNR-02'; // 分流衬管, a demo part
const BRANCH = '分库'; // the demo's second warehouse
const ENGINEER = 'yangjinwei';

/** The server's pickups (`doc list --kind pickup`), each as its stored document. */
function serverPickups() {
  const out = execFileSync(env('ONSITE_E2E_SERVER_BIN'), ['--data', env('ONSITE_E2E_SERVER_DATA'), 'doc', 'list', '--kind', 'pickup'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((line) => ({ id: line.split('\t')[0], doc: serverDoc(line.split('\t')[0]) }));
}

/** The server's pickup of PART for work order `woId`, or null. */
function serverPickup(woId) {
  return serverPickups().find((p) => findKey(p.doc, 'work_order_id') === woId && findKey(p.doc, 'part_no') === PART) ?? null;
}

test('the storekeeper confirms a pickup the engineer made offline', async (t) => {
  const order = { id: null, number: null };

  await withApp(t, 'engineer', async (app) => {
    // --- One of his open orders, not yet signed.
    await app.see('screen-orders', '我的工单');
    const openRow = () => app.js(
      `const rows = [...document.querySelectorAll('[data-testid="screen-orders"] [data-testid^="wo-row-"]')];
       const r = rows.find((r) => /已派工|已响应|在途|在现场/.test(r.innerText));
       return r ? r.dataset.testid : null;`);
    await syncUntil(app, openRow, 'an open order in 我的工单');
    order.number = (await openRow()).replace(/^wo-row-/, '');

    // --- The network goes off; he picks two liners from the branch store.
    await networkOff(t);
    await app.click(`wo-row-${order.number}`);
    await app.see('screen-wo', order.number);
    order.id = await app.currentWoId();
    await app.click('go-parts');
    await app.see('screen-parts', order.number);
    await app.choose('pickup-warehouse', BRANCH);
    await app.choose('pickup-part', PART);
    await app.fill('pickup-qty', '2');
    await app.click('pickup-submit');
    await app.see(`pickup-${PART}`, '已领 2');
    await app.see(`pickup-warehouse-${PART}`, BRANCH);
    await app.see(`pickup-state-${PART}`, '待确认');
    await app.click('sync-status');
    await app.see('sync-status', /离线 · \d+ 项待同步/);
    await app.shot('picked-offline');

    // --- The network comes back: the pickup reaches the server, unconfirmed.
    await networkOn();
    await syncUntil(app, async () => serverPickup(order.id), `the pickup of ${PART} on the server`);
    const stored = serverPickup(order.id).doc;
    assert.equal(findKey(stored, 'qty'), 2, 'two picked');
    assert.equal(findKey(stored, 'warehouse'), 'branch', 'from the branch store');
    assert.equal(findKey(stored, 'confirmed'), null, 'not yet confirmed');
  }, 'warehouse-engineer');

  await withApp(t, 'storekeeper', async (app) => {
    // --- The storekeeper's home is the stock screen, by warehouse.
    await app.see('screen-stock', '库存');
    await app.shot('stock');

    // --- 待确认: the engineer's pickup, with where and what for.
    await app.open('confirm', '待确认');
    const row = `confirm-${PART}-${ENGINEER}`;
    await syncUntil(app, () => app.exists(row), `the pickup of ${PART} awaiting confirmation`);
    await app.see(row, BRANCH);
    await app.see(row, order.number);
    await app.see(row, '领用 2');
    await app.seeValue(`${row} pickup-counted`, '2'); // prefilled with what he picked
    await app.shot('awaiting');
    await app.click(`${row} confirm-pickup`);
    await app.seeToast(`已确认领用：${PART}`);
    await app.gone(row);
    await app.shot('confirmed');

    // --- The server holds who confirmed it and what was counted.
    await syncUntil(app, async () => findKey(serverPickup(order.id)?.doc, 'confirmed'), 'the confirmation on the server');
    const confirmed = findKey(serverPickup(order.id).doc, 'confirmed');
    assert.equal(confirmed.by, 'storekeeper', `confirmed by the storekeeper: ${JSON.stringify(confirmed)}`);
    assert.equal(confirmed.counted, 2, 'two counted');

    // --- 未归还: picked today, neither used nor returned.
    await app.open('outstanding', '未归还');
    await app.see(`outstanding-${ENGINEER}`, PART);
    await app.see(`outstanding-${ENGINEER}`, '今天');
    await app.shot('outstanding');

    // --- The part's movements: the pickup, by him, from the branch store, for the order.
    await app.open('stock', '库存');
    await app.click(`open-part-${PART}`);
    await app.see('moves', order.number);
    await app.see('moves', '领用');
    await app.see('moves', '-2');
    await app.shot('moves');
  }, 'warehouse-storekeeper');

  await withApp(t, 'engineer', async (app) => {
    // --- His window shows the line confirmed.
    await app.js('location.hash = arguments[0];', `#/wo/${encodeURIComponent(order.id)}/parts`);
    await app.see('screen-parts', order.number);
    await syncUntil(app, async () => (await app.text(`pickup-state-${PART}`))?.includes('已确认'), 'the pickup confirmed on his device');
    await app.shot('confirmed-on-device');
  }, 'warehouse-engineer-after');
});

// A whole visit through the real Onsite window, against a real sync server
// seeded with the demo data (scripts/app-e2e.sh sets all of it up):
//
// 1. the engineer yangjinwei (杨金伟) sees his assigned P1 order arrive, then
//    the network goes off (the sync server stops) and, offline, he responds,
//    departs, arrives, picks up a part and marks it used, records the work,
//    resolves, has the customer sign on the canvas; the app says 离线 and how
//    many changes wait, and lists the record as signed, to be filed, with
//    its deadline. The network comes back (the server starts again): the
//    record syncs and shows 已存档 with the server's receipt time (checked
//    against the server's own copy of the document); the printed record
//    (PDF, read back with pdftotext) names him 杨金伟 and says 已存档;
// 2. the office device, launched afterwards, shows the same filed record
//    with the same receipt time, and takes a call it assigns to him;
// 3. his app, launched again, raises a notification for that order (the
//    app's log line of the plugin call) and lists it as new until opened.
//
// Every screen is saved to target/test-output/app-e2e/ (also stock and
// settings).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { By } from 'selenium-webdriver';
import { SYNC_TIMEOUT, env, findKey, pdfText, serverDoc, syncUntil, withApp } from './lib/app.mjs';
import { networkOff, networkOn } from './lib/network.mjs';

const ORG = '内蒙古自治区农牧业科学院'; // the seed's P1 order for yangjinwei (GC-2030, under warranty)
const PART = 'GC-SEP-11'; // 进样垫（11mm）
const WORK = '更换FID喷嘴并清洗检测器，重新点火正常';
const FINDINGS = 'FID喷嘴积碳堵塞导致无法点火';
const SIGNER = '张明';

/** Shared between the tests: what the engineer filed. */
const filed = { id: null, number: null, receivedAt: null, text: null };
/** The order the office assigned to the engineer in the second test. */
const assigned = { id: null, number: null };

/** The receipt time as the app prints it (zh-CN, Asia/Shanghai), computed in the webview itself. */
function receiptText(app, iso) {
  return app.js(
    `return '已存档 · 服务器接收于 ' + new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric',
       month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(arguments[0]));`,
    iso,
  );
}

test('engineer 杨金伟 walks a visit through the real window and it is filed by the server', async (t) => {
  await withApp(t, 'engineer', async (app) => {
    // --- My work orders: the seeded P1 order arrives from the server.
    await app.see('screen-orders', '我的工单');
    const findRow = () => app.js(
      `const rows = [...document.querySelectorAll('[data-testid="screen-orders"] [data-testid^="wo-row-"]')];
       const r = rows.find((r) => r.innerText.includes(arguments[0]) && r.innerText.includes('已派工'));
       return r ? r.dataset.testid : null;`, ORG);
    await syncUntil(app, findRow, `an assigned order for ${ORG} in 我的工单`);
    const rowId = await findRow();
    filed.number = rowId.replace(/^wo-row-/, '');
    await app.see(rowId, 'P1');
    await app.see(rowId, /响应：(即将到期，)?剩余 \d+ 分钟/);
    await app.shot('my-orders');

    // --- The work order: respond → depart → arrive, one tap each.
    const link = await app.driver.findElement(By.css(`[data-testid="${rowId}"] a`));
    await link.click();
    await app.see('wo-status', '已派工');
    await app.see('screen-wo', filed.number);
    await app.see('fault', 'FID无法点火');
    filed.id = await app.currentWoId();
    assert.match(filed.id, /^wo:/, 'the route names the work order');
    await app.see('who', '杨金伟');
    await app.shot('work-order');

    // --- The network goes off: the rest of the visit happens offline.
    await networkOff(t);
    await app.click('sync-status');
    await app.see('sync-status', '离线', SYNC_TIMEOUT);
    await app.shot('offline');

    await app.act('respond', '已响应');
    await app.see('clock-response', '已按时完成');
    await app.shot('responded');
    await app.act('depart', '在途');
    await app.act('arrive', '在现场');
    assert.equal(await app.exists('act-arrive'), false, 'arrive is no longer offered');
    await app.shot('on-site');

    // --- Parts: pick one up against the order; it blocks signing until marked used.
    await app.click('go-parts');
    await app.see('screen-parts', filed.number);
    await app.choose('pickup-part', PART);
    await app.fill('pickup-qty', '1');
    await app.fill('pickup-serials', 'SEP-E2E-0001');
    await app.click('pickup-submit');
    await app.see(`pickup-${PART}`, '已领 1');
    await app.see(`pickup-${PART}`, '未处理 1');
    await app.see('sign-blockers', PART);
    await app.shot('part-picked');
    await app.click(`mark-used-${PART}`);
    await app.gone('sign-blockers');
    await app.waitFor(async () => !(await app.text(`pickup-${PART}`)).includes('未处理'), 'the pickup to be settled');
    await app.shot('part-used');

    // --- Back to the order: record the work, resolve.
    await app.click('parts-back');
    await app.see('wo-status', '在现场');
    await app.fillAll({ 'work-done': WORK, findings: FINDINGS, 'labour-minutes': '90', travel: '120' });
    await app.click('save-service');
    await app.seeToast('已保存');
    await app.act('resolve', '已修复');
    await app.shot('resolved');

    // --- Sign-off: the record as the customer signs it; a signature drawn on the canvas.
    await app.click('go-sign');
    await app.see('screen-sign', '服务记录');
    await app.see('record-work', WORK);
    await app.see('service-record', PART);
    await app.see('charges-total', '¥');
    await app.customerSigns({
      signer: SIGNER,
      opinion: '处理及时，满意',
      strokes: [
        [[0.1, 0.7], [0.2, 0.3], [0.3, 0.7], [0.4, 0.3]],
        [[0.5, 0.5], [0.9, 0.5]],
      ],
    });
    await app.shot('sign-off');
    await app.click('sign-submit');
    await app.see('signed-by', `签字人：${SIGNER}`);
    await app.find('signature-view');
    assert.equal(await app.exists('sign-form'), false, 'read-only after signing');
    await app.shot('signed');

    // --- Still offline: every step is kept on the device and waits to be sent.
    await app.click('sync-status');
    await app.see('sync-status', /离线 · \d+ 项待同步/, SYNC_TIMEOUT);
    await app.open('filing', '已签字、待存档');
    const toFileRow = () => app.js(
      `const r = document.querySelector('[data-testid="screen-filing"] [data-testid="wo-row-' + arguments[0] + '"]');
       return r ? r.innerText : null;`, filed.number);
    const waiting = await app.waitFor(toFileRow, `${filed.number} among the records to file`);
    assert.match(waiting, /还剩 \d+ 天|今天到期/, `the record to file shows its filing deadline: ${waiting}`);
    assert.doesNotMatch(waiting, /服务器接收于/, 'not filed while offline');
    await app.shot('offline-to-file');

    // --- The network comes back: it syncs, the server files it, the app shows the receipt time.
    await networkOn();
    const filedRow = () => app.js(
      `const r = document.querySelector('[data-testid="screen-filing"] [data-testid="wo-row-' + arguments[0] + '"]');
       return r && r.innerText.includes('已存档 · 服务器接收于') ? r.innerText : null;`, filed.number);
    await syncUntil(app, filedRow, `${filed.number} filed with the server's receipt time`);
    const doc = serverDoc(filed.id);
    const filing = findKey(doc, 'filing');
    assert.ok(filing?.received_at, `the server's copy of ${filed.id} has a filing receipt: ${JSON.stringify(filing)}`);
    filed.receivedAt = filing.received_at;
    filed.text = await receiptText(app, filed.receivedAt);
    await app.see(`wo-row-${filed.number}`, filed.text);
    await app.see('sync-status', '上次同步');
    await app.shot('filed');

    // The record itself says so too.
    await app.js('location.hash = arguments[0];', `#/wo/${encodeURIComponent(filed.id)}/sign`);
    await app.see('signed-block', filed.text);
    await app.shot('record-filed');

    // --- The printed record: the engineer by his name, the status in Chinese.
    await app.click('export-pdf');
    const saved = await app.seeToast('.pdf');
    const pdfPath = /(\/\S+\.pdf)/.exec(saved)?.[1];
    assert.ok(pdfPath, `the toast names the PDF: ${saved}`);
    const printed = pdfText(pdfPath);
    assert.ok(printed.includes('工程师杨金伟'), `the record names the engineer 杨金伟: ${printed.slice(0, 2000)}`);
    assert.ok(!printed.includes('yangjinwei'), 'no login name on the record');
    assert.ok(printed.includes('状态Status已存档'), 'the status in the record\'s language');

    // --- The other screens: stock (the part he used), settings (who and where).
    await app.open('stock', PART);
    await app.shot('stock');
    await app.click('nav-settings');
    await app.see('settings-user', '杨金伟 (yangjinwei)');
    await app.seeValue('server-url', env('ONSITE_E2E_SERVER_URL'));
    await app.shot('settings');
  });
});

test('the office device shows the filed record with the server\'s receipt time', async (t) => {
  if (!filed.text) {
    t.skip('the engineer\'s visit did not get as far as filing');
    return;
  }
  await withApp(t, 'office', async (app) => {
    await app.see('screen-board', '工单看板');
    const row = () => app.js(
      `const r = document.querySelector('[data-testid="screen-board"] [data-testid="wo-row-' + arguments[0] + '"]');
       return r && r.innerText.includes(arguments[1]) ? r.innerText : null;`, filed.number, filed.text);
    await syncUntil(app, row, `${filed.number} filed on the board`);
    await app.see(`wo-row-${filed.number}`, /杨金伟|yangjinwei/);
    await app.shot('board-filed');

    await app.driver.findElement(By.css(`[data-testid="screen-board"] [data-testid="wo-row-${filed.number}"] a`)).click();
    await app.see('wo-status', '已存档');
    // The service record is shown in its (read-only) form fields: their values, not innerText.
    await app.seeValue('work-done', WORK);
    await app.seeValue('findings', FINDINGS);
    assert.equal(await app.js('return arguments[0].matches(":disabled");', await app.find('work-done')), true, 'the filed record is read-only');
    await app.js('arguments[0].scrollIntoView({block: "center"});', await app.find('work-done'));
    await app.shot('work-order-filed');
    await app.click('go-record');
    await app.see('signed-by', `签字人：${SIGNER}`);
    await app.see('signed-block', filed.text);
    await app.find('signature-view');
    await app.shot('record-filed');

    // The office's filing screen: the record among the filed ones; the import of a file for the offline route.
    await app.open('filing', filed.text);
    await app.find('import-file');
    await app.shot('filing');

    // A phone call: the office takes it for a known customer, assigns 杨金伟; the server gets the order.
    await app.fillNewOrder({
      query: '包头', customer: '包头市环境监测中心站', fault: '气相色谱仪基线漂移严重，无法定量',
      priority: 'P2', items: '检查检测器\n清洗进样口', estimate: '600',
    });
    await app.see('cust-selected', '包头市环境监测中心站');
    await app.see('screen-new', '产品不能工作，影响用户业务');
    await app.choose('new-assignee', '杨金伟');
    await app.shot('new-order');
    await app.click('create-submit');
    await app.seeToast('已创建工单');
    await app.see('wo-status', '已派工');
    await app.see('screen-wo', '气相色谱仪基线漂移严重');
    const created = await app.currentWoId();
    assert.match(created ?? '', /^wo:/, 'the new order is on screen');
    await app.shot('created');
    const onServer = () => {
      const d = serverDoc(created);
      return JSON.stringify(d).includes('yangjinwei') && JSON.stringify(d).includes('气相色谱仪基线漂移严重') ? d : null;
    };
    await syncUntil(app, async () => onServer(), `the new order ${created} on the server, assigned to yangjinwei`);
    assigned.id = created;
    assigned.number = (await app.text('screen-wo')).match(/WO-\d{4}-\d+-\d{6}/)?.[0] ?? null;
  });
});

test('the engineer\'s app raises a notification for the order the office assigned, marked new until opened', async (t) => {
  if (!assigned.number) {
    t.skip('the office did not assign an order');
    return;
  }
  await withApp(t, 'engineer', async (app) => {
    const row = () => app.js(
      `const r = document.querySelector('[data-testid="wo-row-' + arguments[0] + '"]');
       return r && r.querySelector('[data-testid="wo-new"]') ? r.innerText : null;`, assigned.number);
    await syncUntil(app, row, `${assigned.number} in the list, marked new`);
    await app.shot('assigned-new');
    // The plugin's call, as the app logs it (a headless display has no notification daemon).
    const log = path.join(env('ONSITE_E2E_OUT'), 'tauri-driver-engineer.log');
    await app.waitFor(async () => {
      const line = readFileSync(log, 'utf8').split('\n').find((l) => l.includes('notification:') && l.includes(assigned.number));
      return line ?? null;
    }, `a notification naming ${assigned.number} in ${log}`);
    const line = readFileSync(log, 'utf8').split('\n').find((l) => l.includes('notification:') && l.includes(assigned.number));
    assert.match(line, /新工单已派给您|P1 紧急工单已派给您/, 'the notification says the order is assigned to him');

    // Opened once: no longer new.
    await app.driver.findElement(By.css(`[data-testid="wo-row-${assigned.number}"] a`)).click();
    await app.see('screen-wo', '气相色谱仪基线漂移严重');
    await app.click('nav-orders');
    await app.see(`wo-row-${assigned.number}`, '包头市环境监测中心站');
    assert.equal(await row(), null, 'opened: no longer marked new');
  });
});

// A planned maintenance visit through the real Onsite windows, against the
// sync server scripts/app-e2e.sh seeded with the demo data (a customer
// under a maintenance contract whose coming visit the office device
// planned while seeding):
//
// 1. the office board lists the planned visit (PM-<contract>-<month>),
//    unassigned; the office assigns it to 杨金伟 and the server gets it;
// 2. the engineer's window receives it, shows its due window and the
//    seed's five-item checklist; he responds, departs, arrives, ticks every
//    item, records the work, resolves and has the customer sign; the record
//    syncs and the server files it (已存档 with the receipt time); the
//    server's copy has every checklist item done.
//
// Screens are saved to target/test-output/app-e2e/maintenance-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { By } from 'selenium-webdriver';
import { findKey, serverDoc, syncUntil, withApp } from './lib/app.mjs';

const CHECKLIST = ['软硬件系统检验', '调试', '设备清洁', '了解网络系统运作情况', '对潜在问题给出合理化处理方案'];
const WORK = '季度维护：检验软硬件、调试、清洁，网络运行正常';
const SIGNER = '李华';

test('a planned visit appears on the office board, is assigned, and the engineer completes and signs it', async (t) => {
  const visit = { id: null, number: null };

  await withApp(t, 'office', async (app) => {
    // --- The board: the planned visit, not yet assigned.
    await app.open('board', '工单看板');
    const plannedRow = () => app.js(
      `const r = [...document.querySelectorAll('[data-testid="screen-board"] [data-testid^="wo-row-PM-"]')][0];
       return r ? r.dataset.testid : null;`);
    await syncUntil(app, plannedRow, 'a planned visit on the board');
    const rowId = await plannedRow();
    visit.number = rowId.replace(/^wo-row-/, '');
    await app.see(rowId, '新建');
    await app.shot('board-planned');

    // --- Assigned to 杨金伟 from the board.
    await app.choose(`${rowId} assign-select`, '杨金伟');
    await app.click(`${rowId} assign-button`);
    await app.see(rowId, /杨金伟/);
    await app.driver.findElement(By.css(`[data-testid="${rowId}"] a`)).click();
    await app.see('screen-wo', visit.number);
    await app.see('wo-status', '已派工');
    await app.find('planned-window');
    visit.id = await app.currentWoId();
    await app.shot('assigned');
    await syncUntil(app, async () => findKey(serverDoc(visit.id), 'assignee') === 'yangjinwei', `${visit.number} assigned on the server`);
  }, 'maintenance-office');

  await withApp(t, 'engineer', async (app) => {
    // --- His list: the planned visit arrives; its due window and checklist.
    const row = `wo-row-${visit.number}`;
    await syncUntil(app, () => app.exists(row), `${visit.number} in 我的工单`);
    await app.driver.findElement(By.css(`[data-testid="${row}"] a`)).click();
    await app.see('screen-wo', visit.number);
    await app.see('planned-window', /\d{4}-\d{2}-\d{2}/);
    for (const text of CHECKLIST) await app.see('checklist', text);
    await app.shot('planned-visit');

    // --- The visit: respond → depart → arrive, the checklist ticked on site.
    await app.act('respond', '已响应');
    await app.act('depart', '在途');
    await app.act('arrive', '在现场');
    for (let i = 0; i < CHECKLIST.length; i++) {
      await app.click(`check-item-${i}`);
      await app.waitFor(() => app.js('return document.querySelector(arguments[0]).checked;', `[data-testid="check-item-${i}"]`), `item ${i + 1} ticked`);
    }
    await app.shot('checklist-ticked');
    await app.fillAll({ 'work-done': WORK, 'labour-minutes': '120', travel: '60' });
    await app.click('save-service');
    await app.seeToast('已保存');
    await app.act('resolve', '已修复');

    // --- Signed by the customer.
    await app.click('go-sign');
    await app.see('screen-sign', '服务记录');
    await app.see('record-work', WORK);
    await app.customerSigns({
      signer: SIGNER,
      strokes: [
        [[0.1, 0.6], [0.3, 0.3], [0.5, 0.6], [0.7, 0.3]],
        [[0.2, 0.8], [0.8, 0.8]],
      ],
    });
    await app.click('sign-submit');
    await app.see('signed-by', `签字人：${SIGNER}`);
    await app.shot('signed');

    // --- Filed by the server, with every item done.
    await app.open('filing', '存档');
    const filed = () => app.js(
      `const r = document.querySelector('[data-testid="screen-filing"] [data-testid="wo-row-' + arguments[0] + '"]');
       return r && r.innerText.includes('已存档 · 服务器接收于') ? r.innerText : null;`, visit.number);
    await syncUntil(app, filed, `${visit.number} filed with the server's receipt time`);
    const doc = serverDoc(visit.id);
    assert.ok(findKey(doc, 'filing')?.received_at, `the server filed ${visit.id}`);
    const checklist = findKey(doc, 'checklist');
    assert.equal(checklist?.length, CHECKLIST.length, `the server's checklist: ${JSON.stringify(checklist)}`);
    assert.ok(checklist.every((c) => c.done === true), `every item done on the server: ${JSON.stringify(checklist)}`);
    await app.shot('filed');
  }, 'maintenance-engineer');
});

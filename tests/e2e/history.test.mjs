// Who changed what, when (issue 17) through the real Onsite window, on the
// office device scripts/app-e2e.sh enrolled ("app-e2e office") and seeded:
//
// 1. the office takes a call (a new order) and changes its estimate;
// 2. on the order's 历史 tab, once the sync server has received both
//    changes, each change names 调度办公室 and this device, with the
//    device's time and the server's receipt time; filtered to the
//    estimate, the current value heads the list with who wrote it;
// 3. the history is exported as CSV: the file names the estimate's change
//    and who made it.
//
// Screens are saved to target/test-output/app-e2e/office-history-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { withApp } from './lib/app.mjs';

const FAULT = `历史测试：光谱仪读数漂移 ${String(Date.now()).slice(-6)}`;

/** The change blocks of the history tab as the user reads them. */
async function changes(app) {
  return app.js(
    `return [...document.querySelectorAll('[data-testid="history-change"]')].map((c) => ({
       who: c.querySelector('[data-testid="history-who"]')?.innerText.trim() ?? '',
       device: c.querySelector('[data-testid="history-device"]')?.innerText.trim() ?? '',
       received: c.querySelector('[data-testid="history-received-at"]')?.innerText.trim() ?? '',
       fields: [...c.querySelectorAll('[data-testid="history-row"]')].map((r) => r.dataset.field),
       text: c.innerText,
     }));`,
  );
}

test('the office answers who changed an order, when and on which device, from the history tab, and exports it', async (t) => {
  await withApp(t, 'office', async (app) => {
    // --- A call comes in, then its estimate changes.
    await app.fillNewOrder({ query: '包头', customer: '包头市环境监测中心站', fault: FAULT, priority: 'P2', items: '检查光源', estimate: '100' });
    await app.click('create-submit');
    await app.seeToast('已创建工单');
    await app.dismissToasts();
    await app.click('order-edit');
    await app.fill('edit-estimate', '250');
    await app.click('edit-save');
    await app.see('estimate', '250');

    // --- The history tab, once the server has received both changes.
    await app.click('tab-history');
    await app.find('history-tab');
    const seen = await app.waitFor(async () => {
      // Re-open the tab: it fetches the server's receipts again.
      await app.click('tab-details');
      await app.click('tab-history');
      await app.gone('history-loading');
      const list = await changes(app);
      const estimate = list.find((c) => c.fields.includes('estimate_fen'));
      const received = await app.js(`return !document.querySelector('[data-testid="history-not-received"]');`);
      return estimate && received && list.length >= 2 ? list : null;
    }, 'both changes received by the server', 120_000);
    for (const c of seen) {
      assert.equal(c.who, '调度办公室', `the office wrote it: ${c.text}`);
      assert.match(c.device, /app-e2e office/, `on this device: ${c.text}`);
      assert.match(c.received, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, `with the server's receipt time: ${c.text}`);
    }
    const estimate = seen.find((c) => c.fields.includes('estimate_fen'));
    assert.match(estimate.text, /100/, 'the old estimate');
    assert.match(estimate.text, /250/, 'the new estimate');
    await app.shot('history-tab');

    // --- Filtered to the estimate: its current value and who wrote it.
    await app.choose('history-field-filter', '预估');
    await app.see('history-current', '调度办公室');
    await app.see('history-current', '250');
    await app.shot('history-estimate');

    // --- The CSV.
    await app.click('history-export-csv');
    const toast = await app.seeToast('.csv');
    const csv = /(\/\S+\.csv)/.exec(toast)?.[1];
    assert.ok(csv && existsSync(csv), `the toast names the file: ${toast}`);
    const text = readFileSync(csv, 'utf8');
    assert.ok(text.includes('estimate_fen'), 'the CSV has the estimate\'s change');
    assert.ok(text.includes('调度办公室'), 'and who made it');
  }, 'office-history');
});

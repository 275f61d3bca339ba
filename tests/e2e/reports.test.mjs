// The office's reports through the real Onsite window, on the office
// device scripts/app-e2e.sh seeded with the demo data:
//
// 1. the reports screen over the last 90 days shows each section's chart
//    and table; the response clock's P1 row counts its running orders;
// 2. a phone call comes in (a new P1 order): back on the reports screen the
//    P1 row counts one more running response, and a click on that cell
//    lists the new order among the orders behind it, as many as the cell
//    says;
// 3. the report is exported as XLSX (a spreadsheet file where the toast
//    says) and as the service report PDF, whose text (pdftotext) has the
//    title, the period and the response clock's table.
//
// Screens are saved to target/test-output/app-e2e/office-reports-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { pdfText, withApp } from './lib/app.mjs';

const ZONE = 'Asia/Shanghai'; // the company's time zone (the default settings)
const TABLE = 'sla_response_by_priority';
const FAULT = `报表测试：色谱仪无法开机 ${String(Date.now()).slice(-6)}`;

/** `YYYY-MM-DD` of `date` in the company's zone. */
const dayIn = (date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(date);

/** The reports screen over the last 90 days (today included). */
async function openReports(app) {
  await app.click('nav-reports');
  await app.find('screen-reports');
  await app.click('stats-period-dates');
  const to = dayIn(new Date());
  const from = dayIn(new Date(Date.now() - 89 * 86_400_000));
  await app.fill('stats-from', from);
  await app.fill('stats-to', to);
  await app.click('stats-apply');
  await app.see('stats-period-label', `${from} 至 ${to}`);
  await app.gone('stats-loading');
}

/** The numbers of the P1 row of the response clock's table by priority. */
async function p1(app) {
  return app.js(
    `const rows = [...document.querySelectorAll('[data-testid="stats-table-${TABLE}"] [data-testid="stats-row"]')];
     const r = rows.find((r) => r.innerText.trim().startsWith('P1'));
     if (!r) return null;
     const n = (key) => Number(r.querySelector('[data-testid="stats-cell-' + key + '"]').innerText.trim());
     return { met: n('met'), breached: n('breached'), running: n('running') };`,
  );
}

test('the office reads the service-level report, sees a new call counted, lists the orders behind it and exports the report', async (t) => {
  await withApp(t, 'office', async (app) => {
    await openReports(app);
    for (const section of ['sla', 'filing', 'complaints', 'satisfaction', 'charges', 'parts']) {
      await app.find(`stats-section-${section}`);
    }
    // The charts are drawn: bars in the response clock's chart (the demo has calls in these 90 days).
    await app.waitFor(
      () => app.js(`return document.querySelectorAll('[data-testid="stats-chart-${TABLE}"] svg path').length > 4;`),
      'the response chart\'s bars',
    );
    const before = await app.waitFor(() => p1(app), 'the P1 row');
    await app.shot('reports-before');

    // --- A P1 call comes in.
    await app.fillNewOrder({ query: '包头', customer: '包头市环境监测中心站', fault: FAULT, priority: 'P1', items: '检查电源', estimate: '0' });
    await app.click('create-submit');
    await app.seeToast('已创建工单');
    const number = (await app.text('screen-wo')).match(/WO-\d{4}-\d+-\d{6}/)?.[0];
    assert.ok(number, 'the new order has its number');
    await app.dismissToasts();

    // --- Counted: one more running response on P1, nothing else moved.
    await openReports(app);
    const after = await app.waitFor(async () => {
      const now = await p1(app);
      return now && now.running === before.running + 1 ? now : null;
    }, 'the new call counted as running on P1');
    assert.equal(after.met, before.met, 'met unchanged');
    assert.equal(after.breached, before.breached, 'breached unchanged');
    await app.shot('reports-after-call');

    // --- The orders behind the P1 running cell: as many as it says, the new one among them.
    await app.js(
      `const rows = [...document.querySelectorAll('[data-testid="stats-table-${TABLE}"] [data-testid="stats-row"]')];
       rows.find((r) => r.innerText.trim().startsWith('P1')).querySelector('[data-testid="stats-cell-running"]').click();`,
    );
    await app.see('stats-drill-list', number);
    const listed = await app.js(`return document.querySelectorAll('[data-testid="stats-drill-order"]').length;`);
    assert.equal(listed, after.running, 'the list holds as many orders as the cell counts');
    await app.shot('reports-drill');

    // --- Exports: the spreadsheet, then the service report PDF.
    await app.click('stats-export-xlsx');
    const xlsxToast = await app.seeToast('.xlsx');
    const xlsx = /(\/\S+\.xlsx)/.exec(xlsxToast)?.[1];
    assert.ok(xlsx && existsSync(xlsx), `the toast names the spreadsheet: ${xlsxToast}`);
    assert.equal(readFileSync(xlsx).subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
    await app.dismissToasts();

    await app.click('stats-export-pdf');
    const pdfToast = await app.seeToast('.pdf');
    const pdf = /(\/\S+\.pdf)/.exec(pdfToast)?.[1];
    assert.ok(pdf, `the toast names the PDF: ${pdfToast}`);
    const printed = pdfText(pdf);
    assert.ok(printed.includes('服务报表'), `the PDF has its title: ${printed.slice(0, 200)}`);
    assert.ok(printed.includes(dayIn(new Date())), 'the PDF names the period');
    assert.ok(printed.includes('P1'), 'the PDF has the response clock by priority');
    await app.shot('reports-exported');
  }, 'office-reports');
});

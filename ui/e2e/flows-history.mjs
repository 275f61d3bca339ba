// The history tab 历史 (issue 17), in each language. The office opens the
// signed order WO-087, sees the order's clock-skew badge, opens 历史 and
// reads who changed the charge (name, device, device time and receipt
// time), the concurrent write with the kept value ✓, the change after
// signing (relayed, from another device), the skew flag of the engineer's
// fast clock and the writer the server never vouched for; filters to the
// charge, exports the history as CSV, prints the record with the audit
// page, sets the clock-skew margin in the company settings and reads a
// customer's history. The engineer sees the tab on their own order, without
// the export, and no tab on a customer. The fake builds the histories
// (fake-history.ts). The helpers are helpers.mjs's.
import assert from 'node:assert/strict';
import { OFFICE_WU, ZHANG, byLanguage, callsOf, inBothLanguages, openIn, see, toast } from './helpers.mjs';

/** What the user reads, per language. */
const H = byLanguage({
  tab: ['历史', 'History'], details: ['详情', 'Details'], skewBadge: ['设备时钟偏差 4320 分钟（偏快）', 'Device clock off by 4320 min (fast)'],
  notReceived: ['服务器尚未收到', 'have not reached the server'], unknown: ['未知', 'Unknown'],
  kept: ['并发 #6 ✓ 保留此值', 'Concurrent #6 ✓ kept'], lost: ['并发 #5', 'Concurrent #5'], afterSigning: ['签字后', 'After signing'], relay: ['转交', 'Relayed'],
  skew: ['时钟偏差 +4320 分钟 (3 天)', 'Clock skew +4320 min (3 d)'], deviceTime: ['设备时间', 'Device time'], receivedAt: ['服务器接收', 'Received by the server'],
  charge: ['收费调整 · 金额', 'Charge override · amount'], current: ['当前值 ¥1200.00：张伟 · 张伟的手机 · #3', 'Now ¥1200.00: 张伟 · 张伟的手机 · #3'],
  csv: ['导出历史 CSV', 'Export history CSV'], saved: ['已保存到', 'Saved to'], csvName: ['WO-2026-03-000087-历史.csv', 'WO-2026-03-000087-history.csv'],
  audit: ['附审计页', 'Include audit page'], pdfSaved: ['PDF 已保存到', 'PDF saved to'], org: ['单位名称', 'Organisation'], companySaved: ['设置已保存', 'Settings saved'],
});

/** Who wrote and on which device: the names people and devices were given, the same in both languages. */
const WHO = { zhang: '张伟', phone: '张伟的手机 · #3', tablet: '张伟的平板 · #5', office: '调度办公室', officePc: '办公室电脑 · #1' };

/** A wall time in the company's zone, as the tab shows times. */
const WALL = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/;

/** The change block of `n` (its number in causal order). */
const change = (page, n) => page.locator(`[data-testid="history-change"][data-change="${n}"]`);

/** The office: WO-087's history, the charge at a glance, CSV, the audit page, the margin setting, a customer's history. */
async function officeHistory({ page, base, shot }, lang) {
  const L = H[lang];
  await openIn(page, base, lang);
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:087')}`);
  await see(page.getByTestId('wo-clock-skew'), L.skewBadge);
  await see(page.getByTestId('tab-details'), L.details);
  await page.getByTestId('tab-history').click();
  await see(page.getByTestId('tab-history'), L.tab);
  const tab = page.getByTestId('history-tab');
  await see(tab, L.deviceTime);
  // The creation predates attribution: an unknown writer, no receipt (so not everything is received).
  await see(page.getByTestId('history-not-received'), L.notReceived);
  await see(change(page, 1).getByTestId('history-who'), L.unknown);

  // Who changed the charge: both wrote it offline; the engineer's value was kept.
  const mine = change(page, 5);
  await see(mine.getByTestId('history-who'), WHO.zhang);
  await see(mine.getByTestId('history-device'), WHO.phone);
  await see(mine.getByTestId('history-device-time'), WALL);
  await see(mine.getByTestId('history-received-at'), WALL);
  await see(mine.locator('[data-field="charge_override.amount_fen"]'), '¥1200.00');
  await see(mine.locator('[data-field="charge_override.amount_fen"]').getByTestId('history-flag-kept'), L.kept);
  await see(mine.getByTestId('history-flag-skew'), L.skew);
  const theirs = change(page, 6);
  await see(theirs.getByTestId('history-who'), WHO.office);
  await see(theirs.getByTestId('history-device'), WHO.officePc);
  await see(theirs.locator('[data-field="charge_override.amount_fen"]').getByTestId('history-flag-concurrent'), L.lost);
  assert.equal(await theirs.getByTestId('history-flag-skew').count(), 0, 'the office\'s clock is right');

  // The change after signing, from the engineer's other device, relayed by the office.
  const late = change(page, 8);
  await see(late.getByTestId('history-flag-after_signing'), L.afterSigning);
  await see(late.getByTestId('history-flag-relay'), L.relay);
  await see(late.getByTestId('history-device'), WHO.tablet);
  await see(late.getByTestId('history-row'), '3.2.2');
  await shot('1-order');

  // The charge only: its two changes, and what the order holds now with who wrote it.
  await page.getByTestId('history-field-filter').selectOption('charge_override.amount_fen');
  await see(page.getByTestId('history-current'), L.current);
  await see(page.getByTestId('history-current'), WALL);
  assert.equal(await page.getByTestId('history-change').count(), 2, 'the two changes of the charge');
  assert.equal(await page.getByTestId('history-row').count(), 2, 'only the charge\'s rows');
  await see(page.getByTestId('history-row').first(), L.charge);
  await shot('2-charge');

  // The office exports the history.
  await see(page.getByTestId('history-export-csv'), L.csv);
  await page.getByTestId('history-export-csv').click();
  await toast(page, L.csvName);
  assert.deepEqual(await callsOf(page, 'export_history_csv'), [{ id: 'wo:087', lang }]);
  assert.deepEqual(await callsOf(page, 'doc_history', (a) => [a.id, a.lang, a.refresh]), [['wo:087', lang, true]]);

  // The printed record, with the audit page when asked (off by default).
  await page.getByTestId('tab-details').click();
  await page.getByTestId('go-record').click();
  await see(page.getByTestId('export-pdf-audit').locator('xpath=..'), L.audit);
  assert.equal(await page.getByTestId('export-pdf-audit').isChecked(), false, 'off by default');
  await page.getByTestId('export-pdf').click();
  await toast(page, L.pdfSaved);
  await page.getByTestId('export-pdf-audit').check();
  await page.getByTestId('export-pdf').click();
  assert.deepEqual(await callsOf(page, 'export_pdf'), [{ id: 'wo:087', audit: false }, { id: 'wo:087', audit: true }]);
  await shot('3-audit');

  // The clock-skew margin: the company settings.
  await page.getByTestId('nav-company').click();
  const margin = page.getByTestId('company-clock-skew');
  await margin.waitFor();
  assert.equal(await margin.inputValue(), '10', 'absent: 10 minutes');
  await margin.fill('30');
  await page.getByTestId('company-save').click();
  await toast(page, L.companySaved);
  assert.deepEqual(await callsOf(page, 'save_company_settings', (a) => a.input.clock_skew_minutes), [30]);

  // A customer's history (the office's).
  await page.goto(`${base}#/customers/${encodeURIComponent('cust:1')}`);
  await page.getByTestId('tab-history').click();
  await see(change(page, 2).getByTestId('history-row'), L.org);
  await see(change(page, 2).getByTestId('history-row'), '华东计量检测中心');
  await see(change(page, 1).getByTestId('history-who'), WHO.office);
  assert.equal(await page.getByTestId('history-not-received').count(), 0, 'every change received');
  await shot('4-customer');
  await page.getByTestId('tab-details').click();
  await see(page.getByTestId('customer-org'), '华东计量检测中心');
}

/** The engineer: the tab on their own order (their fast clock flagged), no export; no tab on a customer. */
async function engineerHistory({ page, base, shot }, lang) {
  const L = H[lang];
  await openIn(page, base, lang);
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:098')}`);
  await see(page.getByTestId('wo-clock-skew'), L.skewBadge);
  await page.getByTestId('tab-history').click();
  await see(page.getByTestId('history-tab'), L.deviceTime);
  await see(change(page, 3).getByTestId('history-who'), WHO.zhang);
  await see(change(page, 3).getByTestId('history-flag-skew'), L.skew);
  assert.equal(await page.getByTestId('history-export-csv').count(), 0, 'the export is the office\'s');
  await shot('1-own-order');

  await page.goto(`${base}#/customers/${encodeURIComponent('cust:2')}`);
  await see(page.getByTestId('screen-customer'), '江南环境监测站');
  assert.equal(await page.getByTestId('tab-history').count(), 0, 'customers\' history is the office\'s');
}

/** The flows. */
export const historyFlows = [
  ...inBothLanguages('history', OFFICE_WU, officeHistory),
  ...inBothLanguages('history-engineer', ZHANG, engineerHistory),
];

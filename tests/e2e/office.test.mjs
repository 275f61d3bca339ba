// The office's complaint handling through the real Onsite window, on the
// office device scripts/app-e2e.sh seeded with the demo data (complaints,
// orders closed last month and this month):
//
// 1. the monthly complaint report opens on last month; the office moves to
//    this month and notes its figures;
// 2. it records a complaint (class, customer, order and part numbers,
//    quantities, what it is about, the customer's request) and walks it
//    through the four steps — confirm → analyse → agree measures → carry
//    out and track — each with its owner and text, then closes it; the
//    complaint leaves the open list and the server holds it closed;
// 3. this month's report counts it (its class, the total, the rate or the
//    sentence saying no order was closed) and prints it: the PDF, read back
//    with pdftotext, has the Chinese title, the month, the class count, the
//    total and the rate the screen shows.
//
// Screens are saved to target/test-output/app-e2e/office-complaint-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findKey, pdfText, serverDoc, syncUntil, withApp } from './lib/app.mjs';

const ZONE = 'Asia/Shanghai'; // the company's time zone (the default settings)
const CUSTOMER = '贵州省分析测试研究院'; // a demo customer
// Unique per run, short enough for one cell of the printed table.
const ORDER_NO = `T${String(Date.now()).slice(-6)}`;
const PART_NO = 'GC-LNR-02';
const DETAILS = '新发的分流衬管有 2 支内壁有裂纹，无法使用';
const REQUEST = '尽快补发合格衬管';
const STEPS = [
  ['confirm', '确定投诉问题', null, '电话确认：2 支衬管内壁开裂，用户已拍照'],
  ['analyse', '分析核实', '刘锦峰', '查验照片与同批库存：包装运输中受压，属我方包装问题'],
  ['agree', '协商处理措施', '王海', '与用户商定：补发 2 支衬管，改用加厚包装'],
  ['track', '处理及落实', '王海', '已补发并签收，用户确认可以使用'],
];
const NO_CLOSED = '当月没有关闭的工单，不计算投诉率';

/** Year and month of `date` in the company's zone. */
function monthIn(date) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: 'numeric' }).formatToParts(date);
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: get('year'), month: get('month') };
}

const title = ({ year, month }) => `${year} 年 ${month} 月`;

/** The figures the report screen shows: quality complaints, total, closed orders, the rate cell. */
async function figures(app) {
  const last = async (testid) => Number((await app.text(testid)).trim().split(/\s+/).pop());
  return {
    quality: await last('report-class-quality'),
    total: await last('report-total'),
    closed: await last('report-closed'),
    rate: (await app.text('report-rate')).trim(),
  };
}

/** What the rate cell says for `total` complaints and `closed` orders (one decimal, or the no-orders sentence). */
const rateText = (total, closed) => (closed === 0 ? NO_CLOSED : `${((total / closed) * 100).toFixed(1)}%`);

test('the office records a complaint, walks its four steps, closes it and prints the month\'s report', async (t) => {
  await withApp(t, 'office', async (app) => {
    // Months in the company's zone (its 1st may still be last month in UTC).
    const now = monthIn(new Date());
    const previous = now.month === 1 ? { year: now.year - 1, month: 12 } : { year: now.year, month: now.month - 1 };

    // --- The report opens on last month (the demo closed orders then: a rate, or the sentence).
    await app.open('complaint-report', '用户投诉月报');
    await app.see('report-month', title(previous));
    await app.see('report-state', /待提交|已逾期未提交|已按时提交|逾期提交/);
    const before = await figures(app);
    assert.equal(before.rate, rateText(before.total, before.closed), 'last month\'s rate is complaints ÷ orders closed');
    await app.shot('report-last-month');

    // --- This month, before the complaint.
    await app.click('report-next');
    await app.see('report-month', title(now));
    await app.see('report-state', '本月尚未结束');
    const baseline = await figures(app);
    await app.shot('report-this-month-before');

    // --- Record the complaint.
    await app.open('complaints', '用户投诉');
    await app.click('complaint-new');
    await app.find('complaint-form');
    await app.click('complaint-class-quality');
    assert.equal(await app.js('return document.querySelector(\'[data-testid="complaint-class-quality"] input\').checked;'), true, 'quality anomaly chosen');
    await app.choose('complaint-customer', CUSTOMER);
    await app.fillAll({
      'complaint-order-no': ORDER_NO,
      'complaint-part-no': PART_NO,
      'complaint-qty': '10',
      'complaint-defective': '2',
      'complaint-details': DETAILS,
      'complaint-request': REQUEST,
    });
    await app.shot('complaint-form');
    await app.click('complaint-create');
    await app.seeToast('已登记投诉');
    await app.see('screen-complaint', `质量异常 · ${CUSTOMER}`);
    await app.see('complaint-stage', '待确定投诉问题');
    await app.see('complaint-details', DETAILS);
    await app.see('complaint-details', '2 / 10 件不良');
    const hash = await app.js('return location.hash;');
    const id = decodeURIComponent(/^#\/complaint\/(.+)$/.exec(hash)?.[1] ?? '');
    assert.match(id, /^complaint:/, `the complaint's screen is open: ${hash}`);
    await app.shot('complaint-recorded');

    // --- The four steps, in order: only the next one is offered.
    const me = await app.js('return document.querySelector(\'[data-testid="step-owner"]\').value;');
    assert.ok(me.trim(), 'the owner is filled in with the signed-in user');
    for (const [kind, label, owner, note] of STEPS) {
      await app.see('complaint-step-form', `下一步：${label}`);
      if (owner) await app.fill('step-owner', owner);
      await app.fill('step-note', note);
      await app.click('step-record');
      await app.seeToast(`已记录：${label}`);
      await app.see(`complaint-step-${kind}`, note);
      await app.see(`complaint-step-${kind}`, owner ?? me);
    }
    await app.see('complaint-stage', '待结案');
    await app.gone('complaint-step-form');
    await app.dismissToasts();
    await app.js('arguments[0].scrollIntoView({block: "center"});', await app.find('complaint-steps'));
    await app.shot('complaint-four-steps');

    await app.click('complaint-close');
    await app.seeToast('投诉已结案');
    await app.see('complaint-stage', '已结案');
    await app.see('complaint-closed', '结案');
    assert.equal(await app.exists('complaint-close'), false, 'nothing more to do');
    await app.dismissToasts();
    await app.shot('complaint-closed');

    // --- Out of the open list; among the closed ones.
    await app.click('nav-complaints');
    await app.waitFor(() => app.js(`return !!document.querySelector('[data-testid="screen-complaints"] [data-testid^="complaint-row-"], [data-testid="complaints-empty"]');`), 'the open complaints');
    assert.equal(await app.exists(`complaint-row-${ORDER_NO}`), false, 'a closed complaint is not in the open list');
    await app.shot('complaints-open');
    await app.click('complaint-open-only');
    await app.see('complaint-stage-closed', ORDER_NO);
    await app.see(`complaint-row-${ORDER_NO}`, CUSTOMER);
    await app.shot('complaints-all');

    // --- The server has it closed, with its four steps (synced like everything else).
    await syncUntil(app, async () => {
      const doc = serverDoc(id);
      return findKey(doc, 'closed_at') && (findKey(doc, 'steps') ?? []).length === 4;
    }, `${id} closed on the server`);

    // --- This month's report counts it, and prints it.
    await app.open('complaint-report', '用户投诉月报');
    await app.see('report-month', title(previous));
    await app.click('report-next');
    await app.see('report-month', title(now));
    await app.see('report-lines', ORDER_NO);
    const after = await figures(app);
    assert.equal(after.quality, baseline.quality + 1, 'one more quality anomaly this month');
    assert.equal(after.total, baseline.total + 1, 'one more complaint this month');
    assert.equal(after.closed, baseline.closed, 'the orders closed did not change');
    assert.equal(after.rate, rateText(after.total, after.closed), `the rate shown: ${after.rate}`);
    await app.js('arguments[0].scrollIntoView({block: "center"});', await app.find('report-summary'));
    await app.shot('report-this-month');

    await app.click('report-pdf');
    const saved = await app.seeToast('.pdf');
    const pdfPath = /(\/\S+\.pdf)/.exec(saved)?.[1];
    assert.ok(pdfPath, `the toast names the PDF: ${saved}`);
    const key = `${now.year}-${String(now.month).padStart(2, '0')}`;
    assert.ok(pdfPath.endsWith(`complaint-report-${key}.pdf`), `the file is named after the month: ${pdfPath}`);
    const printed = pdfText(pdfPath);
    const show = printed.slice(0, 1500);
    assert.ok(printed.includes('用户投诉月报'), `the Chinese title: ${show}`);
    assert.ok(printed.includes(`${now.year}年${now.month}月`), `the month: ${show}`);
    assert.ok(printed.includes('本月尚未结束'), `the report's state: ${show}`);
    assert.ok(printed.includes(`质量异常${after.quality}`), `the quality anomalies (${after.quality}): ${show}`);
    assert.ok(printed.includes(`合计${after.total}`), `the total (${after.total}): ${show}`);
    assert.ok(printed.includes(`当月关闭工单${after.closed}`), `the orders closed (${after.closed}): ${show}`);
    assert.ok(printed.includes(`投诉率${after.rate}`), `the rate the screen shows (${after.rate}): ${show}`);
  }, 'office-complaint');
});

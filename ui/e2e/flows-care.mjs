// The office's follow-ups, yearly surveys and key-customer visits (issue 13,
// items 5 and 6), in each language: closing an order makes its follow-up,
// the office records it; surveys and visits due, recorded and planned. Each
// step asserts what the user sees. The helpers are helpers.mjs's.
import assert from 'node:assert/strict';
import { OFFICE_WU, ZHANG, engineerHome, fillForm, inBothLanguages, openIn, see, toast } from './helpers.mjs';

/** What the office reads, per language. */
const CARE = {
  'zh-CN': {
    nav: '回访与调查', waiting3: '已等待 3 天', today: '今天', closed: '工单已关闭', recorded80: '已记录 WO-2026-03-000080 的回访',
    fine: '问题已解决，运行正常', never: '从未调查', overdue3: '已逾期 3 天', surveyed: '已记录 江南环境监测站 的满意度调查',
    visitOverdue: /已逾期 \d+ 天/, visitSoon: /还剩 \d+ 天/, planned: /已安排 \d{4}-\d{2}-\d{2} 走访 西南化工研究院/, plannedRow: /已计划 \d{4}-\d{2}-\d{2} 走访/,
    recordedVisit: '已记录 西南化工研究院 的回访', onSite: '上门回访', noSurvey: '没有需要调查的用户',
  },
  en: {
    nav: 'Follow-ups & surveys', waiting3: 'Waiting 3 days', today: 'Today', closed: 'Work order closed', recorded80: 'Follow-up of WO-2026-03-000080 recorded',
    fine: 'Fixed, working well', never: 'Never surveyed', overdue3: 'Overdue by 3 days', surveyed: 'Survey of 江南环境监测站 recorded',
    visitOverdue: /Overdue by \d+ days/, visitSoon: /Due in \d+ days/, planned: /Visit to 西南化工研究院 planned for \d{4}-\d{2}-\d{2}/, plannedRow: /Visit planned for \d{4}-\d{2}-\d{2}/,
    recordedVisit: 'Follow-up of 西南化工研究院 recorded', onSite: 'On site', noSurvey: 'No customer to survey',
  },
};

/** The office's day: follow-ups after closed orders, the yearly survey, a key customer's visit. */
async function officeCare({ page, base, shot }, lang) {
  const L = CARE[lang];
  await openIn(page, base, lang);

  // Follow-ups waiting, oldest first, with their age; the ones recorded below.
  await page.getByTestId('nav-care').click();
  await see(page.getByTestId('nav-care'), L.nav);
  const f80 = page.getByTestId('followup-WO-2026-03-000080');
  await see(f80.getByTestId('followup-age'), L.waiting3);
  await see(page.getByTestId('followups-recorded'), 'WO-2026-03-000075');
  await shot('1-followups');

  // Closing a filed order makes its follow-up.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:085')}`);
  await page.getByTestId('act-close').click();
  await toast(page, L.closed);
  await page.getByTestId('nav-care').click();
  await see(page.getByTestId('followup-WO-2026-03-000085').getByTestId('followup-age'), L.today);
  assert.equal(await page.getByTestId('followup-WO-2026-03-000085').count(), 1, 'one follow-up for the closed order');

  // Record the oldest: outcome, satisfaction, remarks.
  await f80.getByTestId('record-open').click();
  assert.equal(await f80.getByTestId('record-save').isDisabled(), true, 'nothing chosen yet');
  await fillForm(page, [['record-outcome-fine', true], ['record-sat-4', true], ['record-remarks', '用户表示设备已恢复正常']],
    { within: f80, shot, shotName: '2-record-form', submit: 'record-save', done: L.recorded80 });
  const done80 = page.getByTestId('followups-recorded').getByTestId('followup-WO-2026-03-000080');
  await see(done80.getByTestId('followup-record'), L.fine);
  await see(done80.getByTestId('followup-record'), '★★★★☆');
  assert.equal(await page.getByTestId('followups-open').getByTestId('followup-WO-2026-03-000080').count(), 0, 'no longer waiting');
  await shot('3-recorded');

  // The yearly survey: never surveyed first, then overdue; record one.
  await page.getByTestId('care-tab-surveys').click();
  const surveys = page.getByTestId('care-surveys');
  await see(page.getByTestId('due-华东计量检测中心').getByTestId('due-state'), L.never);
  await see(page.getByTestId('due-江南环境监测站').getByTestId('due-state'), L.overdue3);
  const order = await surveys.locator('.card').evaluateAll((els) => els.map((e) => e.dataset.testid));
  assert.deepEqual(order, ['due-华东计量检测中心', 'due-江南环境监测站'], 'never surveyed first');
  const jn = page.getByTestId('due-江南环境监测站');
  await jn.getByTestId('due-open').click();
  await fillForm(page, [['survey-sat-5', true], ['survey-remarks', '对响应速度满意']],
    { within: jn, shot, shotName: '4-survey', submit: 'due-save', done: L.surveyed });
  await jn.waitFor({ state: 'detached' });
  await see(page.getByTestId('due-华东计量检测中心'), L.never);

  // Key customers: plan the overdue one's visit, then record it on site.
  await page.getByTestId('care-tab-visits').click();
  const xn = page.getByTestId('due-西南化工研究院');
  await see(xn.getByTestId('due-state'), L.visitOverdue);
  await see(page.getByTestId('due-华东计量检测中心').getByTestId('due-state'), L.visitSoon);
  assert.equal(await page.getByTestId('due-江南环境监测站').count(), 0, 'not a key customer');
  await xn.getByTestId('due-open').click();
  await xn.getByTestId('due-save').click();
  await toast(page, L.planned);
  await see(xn.getByTestId('due-planned'), L.plannedRow);
  await shot('5-visit-planned');
  await page.getByTestId('care-tab-followups').click();
  const visit = page.getByTestId('followups-open').getByTestId('followup-西南化工研究院');
  await visit.getByTestId('record-open').click();
  assert.equal(await visit.getByTestId('record-channel-on_site').getAttribute('aria-checked'), 'true', 'on site, as planned');
  await fillForm(page, [['record-outcome-fine', true], ['record-sat-5', true]], { within: visit, submit: 'record-save', done: L.recordedVisit });
  await see(page.getByTestId('followups-recorded').getByTestId('followup-西南化工研究院'), L.onSite);
  await page.getByTestId('care-tab-visits').click();
  await see(page.getByTestId('due-华东计量检测中心'), L.visitSoon);
  assert.equal(await page.getByTestId('due-西南化工研究院').count(), 0, 'visited: not due for a year');
  await shot('6-visited');
}

/** An engineer has no follow-up screen: no link, and the office's work if the address is typed. */
async function engineerCare({ page, base }) {
  await engineerHome(page, base, ['nav-care'], 'no link for an engineer');
  await page.goto(`${base}#/care`);
  await see(page.getByTestId('care-office-only'), '回访和满意度调查由售后服务部负责');
  const calls = await page.evaluate(() => window.__onsiteCalls.map((c) => c.cmd));
  assert.ok(!calls.some((c) => /follow_ups|surveys_due|visits_due/.test(c)), 'nothing of them asked for');
}

/** The flows. */
export const careFlows = [
  ...inBothLanguages('care', OFFICE_WU, officeCare),
  { name: 'care-engineer-zh', fake: ZHANG, run: engineerCare },
];

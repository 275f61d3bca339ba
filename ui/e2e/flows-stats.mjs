// The office's reports 报表 (issue 16), in each language: the office opens
// the reports, sees every section's chart (an SVG with bars) and table,
// switches to the quarter and back and steps a month back and forth, clicks
// a table cell and a chart bar and sees the orders behind them (as many as
// the cell says), exports XLSX, PDF and a table's CSV, prints without menu
// and buttons; the engineer has no reports. The fake serves core's
// stats-sample.json (fake-stats.ts). Each step asserts what the user sees.
// The helpers are helpers.mjs's.
import assert from 'node:assert/strict';
import { OFFICE_WU, ZHANG, engineerHome, inBothLanguages, openIn, see, toast } from './helpers.mjs';

const ZONE = 'Asia/Shanghai';
const SECTIONS = ['sla', 'filing', 'complaints', 'satisfaction', 'charges', 'parts'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** This month in the company's zone (`{year, month}`), `delta` months on. */
function month(delta = 0) {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date()).split('-').map(Number);
  const total = y * 12 + (m - 1) + delta;
  return { year: Math.floor(total / 12), month: (total % 12) + 1 };
}
const pad = (n) => String(n).padStart(2, '0');

/** What the user reads, per language. */
const ST = {
  'zh-CN': {
    nav: '报表', title: '统计报表', sections: ['服务时效', '存档', '投诉', '满意度', '费用', '备件'],
    month: ({ year, month: m }) => `${year}年${m}月`, quarter: ({ year, month: m }) => `${year}年第${Math.floor((m - 1) / 3) + 1}季度`,
    shown: (n, total) => `显示 ${n} / ${total}`, saved: '已保存到',
  },
  en: {
    nav: 'Reports', title: 'Reports', sections: ['Service levels', 'Filing', 'Complaints', 'Satisfaction', 'Charges', 'Parts'],
    month: ({ year, month: m }) => `${MONTHS_EN[m - 1]} ${year}`, quarter: ({ year, month: m }) => `Q${Math.floor((m - 1) / 3) + 1} ${year}`,
    shown: (n, total) => `Showing ${n} / ${total}`, saved: 'Saved to',
  },
};

/** A chart's series colours (StatsChart's, from stats.ts) and the column each draws. */
const COLOURS = { '#2e7d32': 'met', '#c62828': 'breached', '#f9a825': 'running' };

/** Whether a table has a figure above zero (a whole number in a row but the total, past the first column). */
async function hasFigures(page, tableId) {
  const cells = await page.getByTestId(`stats-table-${tableId}`).locator('[data-testid="stats-row"]:not([data-total]) td:not(:first-child)').allInnerTexts();
  return cells.some((c) => /^[\d,]+$/.test(c) && Number(c.replace(/,/g, '')) > 0);
}

/** The bars of a chart: its SVG's filled paths in the grid (below the legend), largest first, with their centres. */
async function bars(page, tableId) {
  return page.getByTestId(`stats-chart-${tableId}`).evaluate((el) => {
    // In the middle of the window: not under the sticky header.
    el.scrollIntoView({ block: 'center' });
    const out = [];
    for (const p of el.querySelectorAll('svg path')) {
      const fill = p.getAttribute('fill');
      if (!fill || fill === 'none' || fill === 'transparent') continue;
      const r = p.getBoundingClientRect();
      // The legend is above the grid (its top 36 px); axis ticks and lines have no fill.
      if (r.width < 4 || r.height < 4 || r.top + r.height / 2 - el.getBoundingClientRect().top < 36) continue;
      out.push({ fill, x: r.left + r.width / 2, y: r.top + r.height / 2, area: r.width * r.height });
    }
    return out.sort((a, b) => b.area - a.area);
  });
}

/** The office: sections with charts and tables, the period chooser, drill-down by cell and by bar, exports. */
async function officeReports({ page, base, shot }, lang) {
  const L = ST[lang];
  await openIn(page, base, lang);
  await page.getByTestId('nav-reports').click();
  await see(page.getByTestId('nav-reports'), L.nav);
  await see(page.getByTestId('screen-reports'), L.title);
  // The current month first.
  await see(page.getByTestId('stats-period-label'), L.month(month()));
  await page.getByTestId('stats-loading').waitFor({ state: 'detached' });

  // Every section, headed, each table with its chart: bars wherever the table has figures (core's sample is the demo's data).
  for (const [i, s] of SECTIONS.entries()) {
    const sect = page.getByTestId(`stats-section-${s}`);
    await see(sect.locator('h2'), L.sections[i]);
    const tables = sect.locator('[data-testid^="stats-table-"]');
    assert.ok(await tables.count() >= 1, `${s}: a table`);
    const charts = sect.locator('[data-testid^="stats-chart-"]');
    assert.ok(await charts.count() >= 1, `${s}: a chart`);
    const id = (await charts.first().getAttribute('data-testid')).replace('stats-chart-', '');
    assert.equal(await charts.first().locator('svg').count(), 1, `${s}: the chart ${id} is an SVG`);
    if (s === 'sla' || await hasFigures(page, id)) assert.ok((await bars(page, id)).length >= 1, `${s}: the chart ${id} has bars`);
  }
  const sla = page.getByTestId('stats-table-sla_response_by_month');
  const total = sla.locator('[data-testid="stats-row"][data-total="true"]');
  assert.equal(await total.count(), 1, 'a total row');
  assert.equal(await total.locator('td').first().evaluate((td) => getComputedStyle(td).fontWeight), '700', 'the total row in bold');
  // Money and shares formatted.
  await see(page.getByTestId('stats-table-charges_by_tier').locator('[data-testid="stats-row"][data-total="true"] [data-testid="stats-cell-total"]'), /^¥[\d,]+\.\d\d$/);
  await see(sla.locator('[data-testid="stats-row"]').first().locator('[data-testid="stats-cell-met_share"]'), /^(\d+\.\d%|—)$/);
  await shot('1-month');

  // The quarter, and back to the month; a month back and forth.
  await page.getByTestId('stats-period-quarter').click();
  await see(page.getByTestId('stats-period-label'), L.quarter(month()));
  let asked = await page.evaluate(() => window.__onsiteCalls.filter((c) => c.cmd === 'stats_report').at(-1).args);
  assert.deepEqual(asked, { period: { kind: 'quarter', year: month().year, quarter: Math.floor((month().month - 1) / 3) + 1 }, lang });
  await page.getByTestId('stats-period-month').click();
  await see(page.getByTestId('stats-period-label'), L.month(month()));
  await page.getByTestId('stats-prev').click();
  await see(page.getByTestId('stats-period-label'), L.month(month(-1)));
  asked = await page.evaluate(() => window.__onsiteCalls.filter((c) => c.cmd === 'stats_report').at(-1).args);
  assert.deepEqual(asked.period, { kind: 'month', ...month(-1) });
  await page.getByTestId('stats-next').click();
  await see(page.getByTestId('stats-period-label'), L.month(month()));
  await page.getByTestId('stats-loading').waitFor({ state: 'detached' });

  // A cell: the orders behind it, as many as it says.
  const rows = sla.locator('[data-testid="stats-row"]:not([data-total])');
  let cell = null;
  let n = 0;
  for (let i = 0; i < await rows.count() && !cell; i++) {
    for (const key of ['breached', 'met', 'running']) {
      const c = rows.nth(i).getByTestId(`stats-cell-${key}`);
      const v = Number((await c.innerText()).replace(/,/g, ''));
      if (v > 0 && v <= 500) { cell = c; n = v; break; }
    }
  }
  assert.ok(cell, 'a month row with orders');
  await cell.click();
  await see(page.getByTestId('stats-drill-total'), L.shown(n, n));
  assert.equal(await page.getByTestId('stats-drill-order').count(), n, 'the orders behind the cell');
  const first = page.getByTestId('stats-drill-number').first();
  assert.match(await first.getAttribute('href'), /^#\/wo\/wo%3A/);
  await shot('2-drill-cell');
  await page.getByTestId('stats-drill-close').click();
  await page.getByTestId('stats-drill').waitFor({ state: 'detached' });

  // A row of the complaints (the total, else the first that lists something): the complaints behind it.
  const classTable = page.getByTestId('stats-table-complaints_by_class');
  const withDrill = classTable.locator('[data-testid="stats-row"].drill');
  const classRow = (await classTable.locator('[data-testid="stats-row"][data-total="true"].drill').count()) ? classTable.locator('[data-testid="stats-row"][data-total="true"]') : withDrill.first();
  const complaints = Number(await classRow.getByTestId('stats-cell-complaints').innerText());
  await classRow.click();
  await see(page.getByTestId('stats-drill-total'), L.shown(Math.min(complaints, 500), complaints));
  assert.equal(await page.getByTestId('stats-drill-complaint').count(), Math.min(complaints, 500));
  await page.getByTestId('stats-drill-close').click();

  // A bar of the response-by-priority chart (the largest): the orders behind it, as many as its cell.
  const [bar] = await bars(page, 'sla_response_by_priority');
  assert.ok(bar, 'a response bar');
  const key = COLOURS[bar.fill];
  assert.ok(key, `a met, breached or running bar (${bar.fill})`);
  await page.mouse.click(bar.x, bar.y);
  await see(page.getByTestId('stats-drill-total'), /\d+ \/ \d+/);
  const drill = await page.evaluate(() => window.__onsiteCalls.filter((c) => c.cmd === 'stats_orders').at(-1).args.drill);
  assert.equal(drill.figure, 'clock');
  assert.equal(drill.clock, 'response');
  assert.equal(drill.outcome, key, 'the bar\'s series');
  const priorityRow = page.getByTestId('stats-table-sla_response_by_priority').locator('[data-testid="stats-row"]').filter({ has: page.locator('td', { hasText: new RegExp(`^${drill.priority}$`) }) });
  const behind = Number((await priorityRow.getByTestId(`stats-cell-${key}`).innerText()).replace(/,/g, ''));
  await see(page.getByTestId('stats-drill-total'), L.shown(Math.min(behind, 500), behind));
  assert.equal(await page.getByTestId('stats-drill-order').count(), Math.min(behind, 500), 'the orders behind the bar');
  await shot('3-drill-bar');
  await page.getByTestId('stats-drill-close').click();

  // Exports: the report as XLSX and PDF, one table as CSV.
  const stem = `${month().year}-${pad(month().month)}`;
  await page.getByTestId('stats-export-xlsx').click();
  await toast(page, `服务报表-${stem}.xlsx`);
  await page.getByTestId('stats-export-pdf').click();
  await toast(page, `服务报表-${stem}.pdf`);
  await page.getByTestId('stats-csv-sla_times').click();
  await toast(page, `报表-${stem}-sla_times.csv`);
  await see(page.getByTestId('toast').first(), L.saved);
  const exports = await page.evaluate(() => window.__onsiteCalls.filter((c) => c.cmd === 'stats_export').map((c) => c.args.what));
  assert.deepEqual(exports, [{ kind: 'xlsx' }, { kind: 'pdf' }, { kind: 'csv', table: 'sla_times' }]);
  await page.getByTestId('toast').first().waitFor({ state: 'detached', timeout: 15_000 });
  await shot('4-reports');

  // Printed: no navigation, no buttons; the charts and tables stay.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByTestId('nav-reports').isVisible(), false, 'no menu on paper');
  assert.equal(await page.getByTestId('stats-export-xlsx').isVisible(), false, 'no buttons on paper');
  assert.equal(await page.getByTestId('stats-period').isVisible(), false, 'no period chooser on paper');
  assert.ok(await page.getByTestId('stats-chart-sla_response_by_month').isVisible());
  assert.ok(await page.getByTestId('stats-table-sla_response_by_month').isVisible());
  await shot('5-print');
  await page.emulateMedia({ media: 'screen' });
}

/** Dates: a span typed by hand, then the previous span of the same length. */
async function officeDates({ page, base }, lang) {
  await openIn(page, base, lang);
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('stats-period-dates').click();
  await page.getByTestId('stats-from').fill('2026-03-01');
  await page.getByTestId('stats-to').fill('2026-03-15');
  await page.getByTestId('stats-apply').click();
  const span = (from, to) => (lang === 'en' ? `${from} – ${to}` : `${from} 至 ${to}`);
  await see(page.getByTestId('stats-period-label'), span('2026-03-01', '2026-03-15'));
  await page.getByTestId('stats-prev').click();
  await see(page.getByTestId('stats-period-label'), span('2026-02-14', '2026-02-28'));
  const asked = await page.evaluate(() => window.__onsiteCalls.filter((c) => c.cmd === 'stats_report').at(-1).args.period);
  assert.deepEqual(asked, { kind: 'dates', from: '2026-02-14', to: '2026-02-28' });
  await page.getByTestId('stats-period-year').click();
  await see(page.getByTestId('stats-period-label'), '2026');
}

/** The reports are the office's: no menu entry, and the address shows the engineer's home. */
async function engineerNoReports({ page, base }) {
  await engineerHome(page, base, ['nav-reports'], 'the reports are the office\'s');
  await page.goto(`${base}#/reports`);
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId('screen-reports').count(), 0);
  const asked = await page.evaluate(() => window.__onsiteCalls.filter((c) => c.cmd.startsWith('stats_')).length);
  assert.equal(asked, 0, 'no report asked for');
}

/** The flows. */
export const statsFlows = [
  ...inBothLanguages('reports', OFFICE_WU, officeReports),
  ...inBothLanguages('reports-dates', OFFICE_WU, officeDates),
  { name: 'reports-engineer', fake: ZHANG, run: engineerNoReports },
];

// The browser flows: a whole visit in each language, and the office's
// create-and-assign. Each step asserts what the user sees.
import assert from 'node:assert/strict';

const TIMEOUT = 5000;

/** Wait until the locator's text matches `want` (string: contains; RegExp: test). */
async function see(locator, want, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    try {
      last = await locator.first().innerText({ timeout: 500 });
      if (typeof want === 'string' ? last.includes(want) : want.test(last)) return last;
    } catch { /* not there yet */ }
    if (Date.now() > deadline) throw new Error(`expected ${want} in ${locator}, saw: ${JSON.stringify(last.slice(0, 400))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function toast(page, want) {
  return see(page.getByTestId('toast').filter({ hasText: want }), want);
}

async function drawSignature(page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  const at = (fx, fy) => [box.x + box.width * fx, box.y + box.height * fy];
  const stroke = async (pts) => {
    await page.mouse.move(...at(...pts[0]));
    await page.mouse.down();
    for (const p of pts.slice(1)) await page.mouse.move(...at(...p), { steps: 6 });
    await page.mouse.up();
  };
  await stroke([[0.1, 0.7], [0.2, 0.3], [0.3, 0.7], [0.4, 0.3]]);
  await stroke([[0.5, 0.5], [0.9, 0.5]]);
  await stroke([[0.6, 0.2], [0.65, 0.8]]);
  await page.getByTestId('sig-undo').click(); // undo the third stroke
}

/** What the user reads, per language. */
const TEXT = {
  'zh-CN': {
    offlinePending: /离线 · \d+ 项待同步/, responseLeft: /响应：剩余 \d+ 分钟/, tampered: '签字后已被修改', overdue1: '已逾期 1 天',
    tier: '质保期后第3年', responded: '已响应', respondDone: '已记录响应时间', responseMet: '响应：已按时完成', enRoute: '在途', onSite: '在现场',
    picked: '已领 1', outstanding: '未处理 1', negative: '库存为负', saved: '已保存', resolved: '已修复',
    free: '免费', atCost: '成本价', charged: '收费', total: '¥970.00', signedBy: '签字人：刘主任', dueIn5: '还剩 5 天',
    filed: '已存档 · 服务器接收于', lastSync: '上次同步', conflict: '两台设备同时修改了此字段', expert: '专家意见', signer: '刘主任',
    work: '更换氘灯光源模块，重新校准基线', findings: '光源老化导致基线漂移', opinion: '处理及时，满意',
  },
  en: {
    offlinePending: /Offline · \d+ changes waiting/, responseLeft: /Response: \d+ min left/, tampered: 'Changed after signing', overdue1: 'Overdue by 1 day',
    tier: 'Extended (3rd year after warranty)', responded: 'Responded', respondDone: 'Response time recorded', responseMet: 'Response: Met', enRoute: 'On the way', onSite: 'On site',
    picked: '1 picked', outstanding: '1 outstanding', negative: 'Negative stock', saved: 'Saved', resolved: 'Resolved',
    free: 'Free', atCost: 'At cost', charged: 'Charged', total: '¥970.00', signedBy: 'Signed by Mr Liu', dueIn5: 'Due in 5 days',
    filed: 'Filed · received by the server', lastSync: 'Last sync', conflict: 'Two devices changed this field at the same time', expert: 'Expert advice', signer: 'Mr Liu',
    work: 'Replaced the deuterium lamp module, recalibrated the baseline', findings: 'Aged lamp caused baseline drift', opinion: 'Quick and helpful',
  },
};

async function visit({ page, base, shot }, lang) {
  const L = TEXT[lang];
  await page.goto(base);
  if (lang === 'en') {
    // Switch the language the way a user does.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('lang-en').click();
    await see(page.getByTestId('screen-settings'), 'Language');
    await shot('settings');
    await page.getByTestId('nav-orders').click();
  }

  // The header names the engineer as people know him, not by his login.
  await see(page.getByTestId('who'), '张伟');
  // My work orders: grouped, clocks running, filing deadlines, tamper flag.
  await see(page.getByTestId('sync-status'), L.offlinePending);
  const row = page.getByTestId('wo-row-WO-2026-03-000101');
  await see(page.getByTestId('group-act_now'), 'WO-2026-03-000101');
  await see(row, L.responseLeft);
  await see(row, 'P1');
  const old = page.getByTestId('wo-row-WO-2026-03-000087');
  await see(old, L.tampered);
  await see(old, L.overdue1);
  await shot('1-my-orders');

  // Work order: respond → depart → arrive, one tap each.
  await row.locator('a').first().click();
  await see(page.getByTestId('tier'), L.tier);
  await shot('2-work-order');
  await page.getByTestId('act-respond').click();
  await toast(page, L.respondDone);
  await see(page.getByTestId('wo-status'), L.responded);
  await see(page.getByTestId('clock-response'), L.responseMet);
  await page.getByTestId('act-depart').click();
  await see(page.getByTestId('wo-status'), L.enRoute);
  await page.getByTestId('act-arrive').click();
  await see(page.getByTestId('wo-status'), L.onSite);
  assert.equal(await page.getByTestId('act-arrive').count(), 0, 'arrive is no longer offered');
  await shot('3-on-site');

  // Parts: pick one up, it blocks signing until marked used.
  await page.getByTestId('go-parts').click();
  await see(page.getByTestId('stock-PN-3300'), L.negative);
  await page.getByTestId('pickup-part').selectOption('part:PN-1001');
  await page.getByTestId('pickup-qty').fill('1');
  await page.getByTestId('pickup-serials').fill('SN-L-0001');
  await page.getByTestId('pickup-submit').click();
  const pk = page.getByTestId('pickup-PN-1001');
  await see(pk, L.picked);
  await see(pk, L.outstanding);
  await see(page.getByTestId('sign-blockers'), 'PN-1001');
  await shot('4-parts');
  await page.getByTestId('mark-used-PN-1001').click();
  await page.getByTestId('sign-blockers').waitFor({ state: 'detached' });
  await page.getByRole('link', { name: /←/ }).click();

  // Record the work.
  await page.getByTestId('work-done').fill(L.work);
  await page.getByTestId('findings').fill(L.findings);
  await page.getByTestId('labour-minutes').fill('90');
  await page.getByTestId('travel').fill('120');
  await page.getByTestId('save-service').click();
  await toast(page, L.saved);
  await page.getByTestId('act-resolve').click();
  await see(page.getByTestId('wo-status'), L.resolved);
  await shot('5-resolved');

  // Sign-off: the record as the customer signs it, itemised by tier.
  await page.getByTestId('go-sign').click();
  await see(page.getByTestId('record-work'), L.work);
  const charges = page.getByTestId('charges');
  await see(charges, L.free);
  await see(charges, L.atCost);
  await see(charges, L.charged);
  await see(page.getByTestId('charges-total'), L.total);
  await page.getByTestId('sign-matches').check();
  await page.getByTestId('sign-opinion').fill(L.opinion);
  await page.getByTestId('sat-5').click();
  await drawSignature(page);
  await page.getByTestId('sign-signer').fill(L.signer);
  await shot('6-sign-off');
  await page.getByTestId('sign-submit').click();
  await see(page.getByTestId('signed-by'), L.signedBy);
  await see(page.getByTestId('signed-block'), L.dueIn5);
  assert.equal(await page.getByTestId('sign-form').count(), 0, 'read-only after signing');
  const strokes = await page.evaluate(() => window.__onsiteLastStrokes);
  assert.equal(strokes.length, 2, 'two strokes after undo');
  for (const s of strokes) {
    assert.match(s, /^\d+,\d+( \d+,\d+)+$/);
    for (const [x, y] of s.split(' ').map((p) => p.split(',').map(Number))) assert.ok(x <= 1000 && y <= 400, `point ${x},${y} in the box`);
  }
  await page.getByTestId('signature-view').waitFor();
  await shot('7-signed');

  // Filing: waiting with its deadline; the connection returns, it is filed.
  await page.getByTestId('nav-filing').click();
  await see(page.getByTestId('wo-row-WO-2026-03-000101'), L.dueIn5);
  await shot('8-to-file');
  await page.getByTestId('sync-status').click();
  await see(page.getByTestId('sync-status'), L.lastSync);
  await see(page.getByTestId('wo-row-WO-2026-03-000101'), L.filed);
  await see(page.getByTestId('nothing-to-file'), /./);
  await shot('9-filed');

  // A record changed after signing is shown loudly.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:087')}/sign`);
  await see(page.getByTestId('changed-after-signing'), L.tampered);
  await shot('10-changed-after-signing');

  // A conflict between two devices, and expert advice.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:098')}`);
  await see(page.getByTestId('conflict'), L.conflict);
  await page.getByTestId('conflict-use-1').click();
  assert.equal(await page.getByTestId('work-done').inputValue(), '清洗雾化器');
  await see(page.getByTestId('screen-wo'), L.expert);
  await shot('11-conflict');
  await page.getByTestId('save-service').click();
  await page.getByTestId('conflict').waitFor({ state: 'detached' });

  await page.getByTestId('nav-stock').click();
  await see(page.getByTestId('stock-table'), 'PN-2040');
  await shot('12-stock');
  if (lang !== 'en') {
    await page.getByTestId('nav-settings').click();
    await see(page.getByTestId('screen-settings'), '语言');
    await shot('13-settings');
  }
}

async function office({ page, base, shot }) {
  await page.goto(base);
  const board = page.getByTestId('screen-board');
  await see(page.getByTestId('wo-row-WO-2026-03-000090'), /响应：(即将到期，)?剩余 \d+ 分钟/);
  await see(board, '未派工');
  await shot('1-board');

  // A phone call: look the customer up, take the call, assign.
  await page.getByTestId('board-new').click();
  await page.getByTestId('cust-query').fill('华东');
  await page.getByTestId('cust-search').click();
  await page.getByTestId('cust-pick-华东计量检测中心').click();
  await see(page.getByTestId('cust-selected'), '华东计量检测中心');
  assert.equal(await page.getByTestId('eq-serial').inputValue(), 'SN-A1-2201');
  await page.getByTestId('fault-input').fill('开机自检失败，报错 E-101');
  await see(page.getByTestId('screen-new'), '产品不能工作，影响用户业务');
  await page.getByTestId('prio-P1').click();
  await page.getByTestId('items-input').fill('检查电源板\n更换保险丝');
  await page.getByTestId('estimate-input').fill('800');
  await page.getByTestId('new-assignee').selectOption('li');
  await shot('2-new-order');
  await page.getByTestId('create-submit').click();
  await toast(page, '已创建工单 WO-2026-03-000102');
  await see(page.getByTestId('wo-status'), '已派工');
  await see(page.getByTestId('screen-wo'), '开机自检失败');
  await shot('3-created');

  // Reassign from the board.
  await page.getByTestId('nav-board').click();
  const row = page.getByTestId('wo-row-WO-2026-03-000090');
  await row.getByTestId('assign-select').selectOption('zhao');
  await row.getByTestId('assign-button').click();
  await toast(page, '已派给 赵敏');
  await see(page.getByTestId('wo-row-WO-2026-03-000090'), '工程师：赵敏');
  await shot('4-assigned');

  // Import a signed record exported by an engineer who stayed offline.
  await page.getByTestId('nav-filing').click();
  await see(page.getByTestId('import-submit'), '导入签字记录');
  assert.equal(await page.getByTestId('import-submit').isDisabled(), true, 'nothing to import before a file is chosen');
  await page.getByTestId('import-file').setInputFiles({
    name: 'WO-2026-03-000087.onsite', mimeType: 'application/octet-stream', buffer: Buffer.from([0x85, 0x6f, 0x4a, 0x83, 1, 2, 3]),
  });
  await shot('5-filing-office');
  await page.getByTestId('import-submit').click();
  await toast(page, '已导入并存档：WO-2026-03-000087');
  await see(page.getByTestId('signed-block'), '已存档');
  await shot('6-imported');
}

async function tablet({ page, base, shot }) {
  // A 10-inch tablet in portrait, touch: the list and the sign-off screen fit and stay usable.
  await page.goto(base);
  await see(page.getByTestId('wo-row-WO-2026-03-000101'), 'P1');
  await shot('1-my-orders');
  const small = await page.evaluate(() => [...document.querySelectorAll('button, a.btn, .navlink, select, input:not([type=checkbox]):not([type=radio])')]
    .filter((e) => e.offsetParent !== null)
    .map((e) => ({ h: e.getBoundingClientRect().height, t: e.textContent?.trim() || e.getAttribute('data-testid') }))
    .filter((x) => x.h < 44));
  assert.deepEqual(small, [], 'every touch target is at least 44px high');
}

/** What an error toast says, per language: a sentence about what to do, nothing of core's internals. */
const ERRORS = {
  'zh-CN': { unreachable: '无法连接到这个服务器', revoked: '服务器不接受此注册码：请向办公室索取新的注册码', notRecord: '此文件不是有效的签字记录（.onsite 文件）', details: '详情' },
  en: { unreachable: 'That server cannot be reached', revoked: 'The server does not accept this token: ask the office for a new one', notRecord: 'This file is not a signed record (.onsite file)', details: 'Details' },
};
const INTERNALS = /error|url|http|invalid|chunk|magic|os error|\(|\)|tcp/i;
const LATIN = /[A-Za-z]/;

/** The newest error toast: its sentence holds no internals, its details fold holds core's message. */
async function errorToast(page, lang, want, detail, shot) {
  const box = page.getByTestId('toast').filter({ hasText: want }).last();
  const sentence = await see(box.getByTestId('toast-text'), want);
  if (lang === 'zh-CN') assert.doesNotMatch(sentence.replace(/\.onsite/g, ''), LATIN, `a Chinese sentence without Latin script: ${sentence}`);
  assert.doesNotMatch(sentence.replace(/\(\.onsite file\)|（\.onsite 文件）/g, ''), INTERNALS, `no internals in: ${sentence}`);
  await box.getByText(ERRORS[lang].details).click();
  await see(box.getByTestId('error-details'), detail);
  if (shot) await shot();
  await box.getByRole('button').last().click(); // dismiss
}

async function errors({ page, base, shot }, lang) {
  const E = ERRORS[lang];
  await page.goto(`${base}#/settings`);
  if (lang === 'en') await page.getByTestId('lang-en').click();
  // The badge while offline: when it retries, and 立即同步 / Sync now.
  await see(page.getByTestId('sync-status'), lang === 'en' ? /retrying in \d+ s/ : /\d+ 秒后自动重试/);
  assert.doesNotMatch(await page.getByTestId('sync-status').innerText(), INTERNALS);
  await see(page.getByTestId('sync-now'), lang === 'en' ? 'Sync now' : '立即同步');

  await page.getByTestId('server-url').fill('http://10.0.0.9:8787');
  await page.getByTestId('enroll-token').fill('a'.repeat(64));
  await page.getByTestId('enroll-submit').click();
  await errorToast(page, lang, E.unreachable, 'error sending request for url (http://10.0.0.9:8787/v1/me)', () => shot('1-unreachable'));

  await page.getByTestId('server-url').fill('https://sync.example.cn');
  await page.getByTestId('enroll-token').fill('revoked');
  await page.getByTestId('enroll-submit').click();
  await errorToast(page, lang, E.revoked, 'the server does not accept this token');

  // A text file picked for import.
  await page.goto(`${base}#/filing`);
  await page.getByTestId('import-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('meeting notes') });
  await page.getByTestId('import-submit').click();
  await errorToast(page, lang, E.notRecord, 'notes.txt: the file is not a work-order document: unable to parse chunk', () => shot('2-not-a-record'));

  // Sync now: the network is back.
  await page.getByTestId('sync-now').click();
  await see(page.getByTestId('sync-status'), lang === 'en' ? 'Last sync' : '上次同步');
}

export const flows = [
  { name: 'errors-zh', fake: { role: 'office', user: 'office-wu', language: 'zh-CN' }, run: (c) => errors(c, 'zh-CN') },
  { name: 'errors-en', fake: { role: 'office', user: 'office-wu', language: 'zh-CN' }, run: (c) => errors(c, 'en') },
  { name: 'visit-zh', fake: { role: 'engineer', user: 'zhang', language: 'zh-CN' }, run: (c) => visit(c, 'zh-CN') },
  { name: 'visit-en', fake: { role: 'engineer', user: 'zhang', language: 'zh-CN' }, run: (c) => visit(c, 'en') },
  { name: 'office-zh', fake: { role: 'office', user: 'office-wu', language: 'zh-CN' }, run: office },
  { name: 'tablet-zh', fake: { role: 'engineer', user: 'zhang', language: 'zh-CN' }, viewport: { width: 800, height: 1280 }, touch: true, run: tablet },
];

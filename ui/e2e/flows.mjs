// The browser flows: a whole visit in each language, and the office's
// create-and-assign. Each step asserts what the user sees.
import assert from 'node:assert/strict';
import { careFlows } from './flows-care.mjs';
import { dispatchFlows } from './flows-dispatch.mjs';
import { warehouseFlows } from './flows-warehouse.mjs';
import { contractFlows } from './flows-contracts.mjs';
import { statsFlows } from './flows-stats.mjs';
import { historyFlows } from './flows-history.mjs';
import { photoFlows } from './flows-photos.mjs';
import { phoneFlows } from './flows-phone.mjs';
import { OFFICE_WU, ZHANG, byLanguage, drawSignature, engineerHome, fillForm, inBothLanguages, openIn, see, seeAll, settled, toast } from './helpers.mjs';

/** A single tap on the pad: a dot, which is not a signature. */
async function tapSignature(page) {
  await settled(page);
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
}

/** What the user reads, per language. */
const TEXT = {
  'zh-CN': {
    offlinePending: /离线 · \d+ 项待同步/, responseLeft: /响应：剩余 \d+ 分钟/, tampered: '签字后已被修改', overdue1: '已逾期 1 天',
    tier: '质保期后第3年', responded: '已响应', respondDone: '已记录响应时间', responseMet: '响应：已按时完成', enRoute: '在途', onSite: '在现场',
    picked: '已领 1', outstanding: '未处理 1', negative: '库存为负', saved: '已保存', resolved: '已修复',
    free: '免费', atCost: '成本价', charged: '收费', total: '¥970.00', signedBy: '签字人：刘主任', dueIn5: '还剩 5 天',
    filed: '已存档 · 服务器接收于', lastSync: '上次同步', conflict: '两台设备同时修改了此字段', expert: '专家意见', signer: '刘主任',
    work: '更换氘灯光源模块，重新校准基线', needWork: '请先填写完成的工作', inkShort: '签名太短，请用手指或笔完整签名', serials: '序列号：SN-L-0001', findings: '光源老化导致基线漂移', opinion: '处理及时，满意',
  },
  en: {
    offlinePending: /Offline · \d+ changes waiting/, responseLeft: /Response: \d+ min left/, tampered: 'Changed after signing', overdue1: 'Overdue by 1 day',
    tier: 'Extended (3rd year after warranty)', responded: 'Responded', respondDone: 'Response time recorded', responseMet: 'Response: Met', enRoute: 'On the way', onSite: 'On site',
    picked: '1 picked', outstanding: '1 outstanding', negative: 'Negative stock', saved: 'Saved', resolved: 'Resolved',
    free: 'Free', atCost: 'At cost', charged: 'Charged', total: '¥970.00', signedBy: 'Signed by Mr Liu', dueIn5: 'Due in 5 days',
    filed: 'Filed · received by the server', lastSync: 'Last sync', conflict: 'Two devices changed this field at the same time', expert: 'Expert advice', signer: 'Mr Liu',
    work: 'Replaced the deuterium lamp module, recalibrated the baseline', needWork: 'fill in the work done first', inkShort: 'The signature is too short', serials: 'Serial numbers: SN-L-0001', findings: 'Aged lamp caused baseline drift', opinion: 'Quick and helpful',
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

  // Record the work: until then resolving says why it cannot be done.
  await see(page.getByTestId('blocked-resolve'), L.needWork);
  await page.getByTestId('work-done').fill(L.work);
  await page.getByTestId('findings').fill(L.findings);
  await page.getByTestId('labour-minutes').fill('90');
  await page.getByTestId('travel').fill('120');
  await page.getByTestId('save-service').click();
  await toast(page, L.saved);
  await page.getByTestId('blocked-resolve').waitFor({ state: 'detached' });
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
  await see(page.getByTestId('part-serials'), L.serials);
  await page.getByTestId('sign-matches').check();
  await page.getByTestId('sign-opinion').fill(L.opinion);
  await page.getByTestId('sat-5').click();
  // A dot is not a signature: the button waits, and says why.
  await tapSignature(page);
  await see(page.getByTestId('ink-reason'), L.inkShort);
  assert.equal(await page.getByTestId('sign-submit').isDisabled(), true, 'a dot cannot be signed');
  await page.getByTestId('sig-clear').click();
  await drawSignature(page);
  await page.getByTestId('ink-reason').waitFor({ state: 'detached' });
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
  await toast(page, '已导入：WO-2026-03-000087。服务器收到后（下次同步）即存档。');
  await see(page.getByTestId('signed-block'), '已签字');
  await shot('6-imported');
}

/** Issue 10, point 5 to 7: what the user reads about actions and people, per language. */
const ACTS = {
  'zh-CN': {
    noWork: '请先填写完成的工作', openSign: '去签字', partsOpen: '2 件备件未使用或退回', resolved: '已修复', responded: '已响应',
    forEngineer: '代工程师操作', assignee: '工程师：杨金伟', saved: '已保存',
    askedToast: '已请 王专家 指导', askedList: '已请：王专家',
  },
  en: {
    noWork: 'fill in the work done first', openSign: 'Go to sign-off', partsOpen: 'parts not yet used or returned: 2', resolved: 'Resolved',
    responded: 'Responded', forEngineer: 'Act for the engineer', assignee: 'Engineer: 杨金伟', saved: 'Saved',
    askedToast: 'Asked 王专家 for advice', askedList: 'Asked: 王专家',
  },
};

/** An action that is not available says why, where its button would be. */
async function reasons({ page, base, shot }, lang) {
  const L = ACTS[lang];
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:098')}`);
  // On site, nothing written yet: 已修复 is there, disabled, with why.
  await see(page.getByTestId('blocked-resolve'), L.resolved);
  await see(page.getByTestId('blocked-resolve'), L.noWork);
  assert.equal(await page.getByTestId('blocked-resolve').getByRole('button').isDisabled(), true);
  assert.equal(await page.getByTestId('act-resolve').count(), 0, 'no enabled resolve without the work done');
  await shot('1-resolve-needs-work');
  // Two parts picked and neither used nor returned: resolve, then signing says why not.
  await page.getByTestId('go-parts').click();
  await page.getByTestId('pickup-part').selectOption('part:PN-1001');
  await page.getByTestId('pickup-qty').fill('2');
  await page.getByTestId('pickup-submit').click();
  await see(page.getByTestId('pickup-PN-1001'), '2');
  await page.getByTestId('parts-back').click();
  await page.getByTestId('work-done').fill('更换雾化器');
  await page.getByTestId('save-service').click();
  await toast(page, L.saved);
  await page.getByTestId('act-resolve').click();
  await see(page.getByTestId('wo-status'), L.resolved);
  const sign = page.getByTestId('blocked-sign');
  await see(sign, L.openSign);
  await see(sign, L.partsOpen);
  assert.equal(await sign.getByRole('button').isDisabled(), true);
  assert.equal(await page.getByTestId('go-sign').count(), 0, 'no way to the sign-off while parts are open');
  await shot('2-sign-blocked-by-parts');
}

/** The office: the board's order, display names, its own actions first, acting for the engineer only by choice. */
async function officeActs({ page, base, shot }, lang) {
  const L = ACTS[lang];
  await page.goto(base);
  const board = page.getByTestId('screen-board');
  await see(page.getByTestId('wo-row-WO-2026-03-000099'), 'P1');
  const rows = await board.locator('[data-testid^="wo-row-"]').evaluateAll((els) => els.map((e) => e.dataset.testid.replace('wo-row-WO-2026-03-', '')));
  // Contract calls first (issue 15: fake-contracts.ts's two repairs), then as before.
  assert.deepEqual(rows.slice(0, 2).sort(), ['000082', '000083'], 'contract calls first');
  assert.deepEqual(rows.filter((r) => ['000099', '000090', '000101', '000098', '000095', '000093'].includes(r)), ['000099', '000090', '000101', '000098', '000095', '000093'],
    'unassigned first, then P1 first, a paused P2 after the active one, the P4 last');
  await see(page.getByTestId('wo-row-WO-2026-03-000095').getByTestId('row-assignee'), L.assignee);
  assert.ok(!(await board.innerText()).includes('yangjinwei'), 'no login names on the board');
  await shot('1-board-order');

  // An engineer's order: the office sees its own actions; 已响应 only after choosing to act for 张伟.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:101')}`);
  await see(page.getByTestId('wo-assignee'), '张伟');
  await page.getByTestId('act-cancel').waitFor();
  assert.equal(await page.getByTestId('act-respond').count(), 0, 'the engineer\'s step is not the office\'s main button');
  const choose = page.getByTestId('act-for-engineer');
  await see(choose, L.forEngineer);
  await see(choose, '张伟');
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
  await choose.click();
  assert.match(asked, /张伟/, 'the confirmation names the engineer');
  assert.equal(await page.getByTestId('act-respond').count(), 0, 'dismissed: still hidden');
  page.once('dialog', (d) => void d.accept());
  await choose.click();
  await page.getByTestId('engineer-actions').getByTestId('act-respond').click();
  await see(page.getByTestId('wo-status'), L.responded);
  await shot('2-acted-for-engineer');

  // Display names on the work order: assignee, note author.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:095')}`);
  await see(page.getByTestId('wo-assignee'), '杨金伟');
  const screen = page.getByTestId('screen-wo');
  await see(screen, '用户要求下周再上门');
  assert.ok(!(await screen.innerText()).includes('yangjinwei'), 'no login names on the work order');
  await shot('3-display-names');

  // Issue 12: the office asks a technical expert for advice on the order.
  await page.getByTestId('expert-select').selectOption('wangzhuanjia');
  await page.getByTestId('ask-expert-button').click();
  await toast(page, L.askedToast);
  await see(page.getByTestId('asked-experts'), L.askedList);
  await shot('4-expert-asked');
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

// ---------------------------------------------------------------- drafts, notes, inputs (issue 10)

const DRAFT_TEXT = {
  'zh-CN': { kept: '有未保存的内容，已保存为草稿', restored: '已恢复未保存的草稿', discard: '放弃草稿', saved: '已保存',
    counter: '3 / 2000', over: '备注最多 2000 个字', expand: '展开', collapse: '收起', nav: 'nav-stock' },
  en: { kept: 'Unsaved changes kept as a draft', restored: 'Unsaved draft restored', discard: 'Discard draft', saved: 'Saved',
    counter: '3 / 2000', over: 'A note can have at most 2000 characters', expand: 'Show all', collapse: 'Show less', nav: 'nav-stock' },
};

/** The keys of the drafts the fake backend holds (in localStorage, like the device's SQLite file across a restart). */
async function draftKeys(page, user) {
  return page.evaluate((u) => Object.keys(JSON.parse(localStorage.getItem(`onsite-fake-drafts:${u}`) ?? '{}')), user);
}

/** Whether the element under the centre of `locator` is the locator itself (nothing covers it). */
async function uncovered(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  });
}

/** The engineer's service record and a note survive a tab switch and a reload; the note counter and limit; toasts. */
async function engineerDrafts({ page, base, shot }, lang) {
  const L = DRAFT_TEXT[lang];
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:101')}`);
  await page.getByTestId('work-done').fill('更换氘灯，草稿');
  await page.getByTestId('findings').fill('光源老化');
  await page.getByTestId('note-input').fill('abc');
  await see(page.getByTestId('note-counter'), L.counter);
  // Switching tabs keeps what was typed, and says so.
  await page.getByTestId(L.nav).click();
  await toast(page, L.kept);
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:101')}`);
  await see(page.getByTestId('service-draft'), L.restored);
  assert.equal(await page.getByTestId('work-done').inputValue(), '更换氘灯，草稿');
  assert.equal(await page.getByTestId('note-input').inputValue(), 'abc');
  // A reload (the app restarted, or crashed) keeps it too.
  await page.reload();
  await see(page.getByTestId('service-draft'), L.restored);
  assert.equal(await page.getByTestId('work-done').inputValue(), '更换氘灯，草稿');
  assert.equal(await page.getByTestId('findings').inputValue(), '光源老化');
  await shot('1-draft-restored');
  // Saving deletes the draft.
  await page.getByTestId('save-service').click();
  await toast(page, L.saved);
  await page.getByTestId('service-draft').waitFor({ state: 'detached' });
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await draftKeys(page, 'zhang'), ['note:wo:101'], 'the saved record has no draft left');

  // Toasts: at most three, and never over a button.
  for (let i = 0; i < 4; i++) await page.getByTestId('save-service').click();
  await see(page.getByTestId('toast').nth(2), L.saved);
  assert.ok((await page.getByTestId('toast').count()) <= 3, 'at most three toasts');
  for (const id of ['save-service', 'add-note']) {
    await page.getByTestId(id).scrollIntoViewIfNeeded();
    assert.ok(await uncovered(page.getByTestId(id)), `${id} is not covered by a toast`);
  }
  await shot('2-toasts');

  // Notes: multi-line, counted, refused over the limit, long ones folded.
  await page.getByTestId('note-input').fill('x'.repeat(2001));
  await see(page.getByTestId('note-counter'), L.over);
  assert.equal(await page.getByTestId('add-note').isDisabled(), true, 'a note over the limit cannot be added');
  const long = Array.from({ length: 12 }, (_, i) => `第 ${i + 1} 行`).join('\n');
  await page.getByTestId('note-input').fill(long);
  await page.getByTestId('add-note').click();
  const folded = page.getByTestId('note-toggle').last();
  await see(folded, L.expand);
  await folded.click();
  await see(folded, L.collapse);
  assert.equal(await page.getByTestId('note-input').inputValue(), '');
  await shot('3-notes');
}

/** The office's new-order form: dates the Chinese way in the company zone, a draft across a tab switch and a reload. */
async function officeDrafts({ page, base, shot }, lang) {
  const zh = lang === 'zh-CN';
  await page.goto(`${base}#/office/new`);
  // 来电时间: now, in Shanghai, though this machine runs on UTC.
  const reported = page.getByTestId('reported-at').locator('input').first();
  const shanghaiNow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .formatToParts(new Date()).reduce((o, p) => ({ ...o, [p.type]: p.value }), {});
  const shown = await reported.inputValue();
  const want = zh ? `${shanghaiNow.year}年${shanghaiNow.month}月${shanghaiNow.day}日 ${shanghaiNow.hour}:` : `${shanghaiNow.day}/${shanghaiNow.month}/${shanghaiNow.year} ${shanghaiNow.hour}:`;
  assert.ok(shown.startsWith(want), `来电时间 ${JSON.stringify(shown)} starts with ${want}`);
  assert.equal(await page.locator('input[type=date], input[type=datetime-local]').count(), 0, 'no native date control');
  await reported.click();
  await see(page.locator('.dp--calendar-header'), zh ? /一\s*二\s*三/ : /Mo\s*Tu\s*We/);
  await shot('1-picker');
  await page.keyboard.press('Escape');

  await page.getByTestId('cust-new').click();
  await page.getByTestId('cust-org').fill('新用户研究所');
  await page.getByTestId('fault-input').fill('开机无显示');
  await page.getByTestId('prio-P2').click();
  await page.getByTestId('nav-board').click();
  await toast(page, zh ? '有未保存的内容，已保存为草稿' : 'Unsaved changes kept as a draft');
  await page.getByTestId('nav-new').click();
  assert.equal(await page.getByTestId('fault-input').inputValue(), '开机无显示');
  await page.reload();
  await see(page.getByTestId('draft-banner'), zh ? '已恢复未保存的草稿' : 'Unsaved draft restored');
  assert.equal(await page.getByTestId('fault-input').inputValue(), '开机无显示');
  assert.equal(await page.getByTestId('cust-org').inputValue(), '新用户研究所');
  await shot('2-draft-restored');
  await page.getByTestId('create-submit').click();
  await see(page.getByTestId('wo-status'), zh ? '新建' : /./);
  const call = await page.evaluate(() => window.__onsiteCalls.find((c) => c.cmd === 'create_work_order'));
  const sent = Date.parse(call.args.input.reported_at);
  assert.ok(Math.abs(sent - Date.now()) < 3 * 60_000, `来电时间 sent as now in UTC: ${call.args.input.reported_at}`);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await draftKeys(page, 'office-wu'), [], 'a created order leaves no draft');

  // The import chooser speaks the UI's language.
  await page.getByTestId('nav-filing').click();
  await see(page.getByTestId('import-choose'), zh ? '选择文件' : 'Choose file');
  await see(page.getByTestId('import-chosen'), zh ? '未选择文件' : 'No file chosen');
  await page.getByTestId('import-file').setInputFiles({ name: 'WO-2026-03-000087.onsite', mimeType: 'application/octet-stream', buffer: Buffer.from([1]) });
  await see(page.getByTestId('import-chosen'), 'WO-2026-03-000087.onsite');
  await shot('3-chooser');
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

/** What the company settings screen says, per language. */
const COMPANY = {
  'zh-CN': {
    title: '公司设置', notSaved: '尚未保存', year2026: '33 天假日，6 天调休上班', spring: '春节 · 2026-02-15 至 2026-02-23',
    makeup: '调休上班', refused: '日历文件未导入，设置没有任何更改。', conflict: '2027-10-09 同时列为放假日和调休上班日',
    badDate: '放假日（holidays）第 2 项“2027-02-30”不是日期', imported: '已导入 2027 年的安排', year2027: '2 天假日，1 天调休上班',
    saved: '设置已保存', updated: 'office-wu 于', readOnly: '只有售后服务部可以修改这些设置。', source: '国办发明电〔2024〕12号',
  },
  en: {
    title: 'Company settings', notSaved: 'Not saved yet', year2026: '33 holidays, 6 make-up working days', spring: '春节 · 2026-02-15 to 2026-02-23',
    makeup: 'Make-up working day', refused: 'The calendar file was not imported; nothing changed.', conflict: '2027-10-09 is listed both as a day off and as a make-up working day',
    badDate: 'holidays entry 2 “2027-02-30” is not a date', imported: 'Imported 2027', year2027: '2 holidays, 1 make-up working days',
    saved: 'Settings saved', updated: 'Changed by office-wu', readOnly: 'Only the office can change these settings.', source: '国办发明电〔2024〕12号',
  },
};

/** Opens the company settings screen in `lang`: its words. */
async function openCompany(page, base, lang) {
  await openIn(page, base, lang);
  await page.getByTestId('nav-company').click();
  return COMPANY[lang];
}

/** The office reads the official calendar, is refused two bad files naming the entry, imports 2027 and saves the form. */
async function companyOffice({ page, base, shot }, lang) {
  const C = await openCompany(page, base, lang);
  await see(page.getByTestId('screen-company'), C.title);
  await see(page.getByTestId('company-not-saved'), C.notSaved);
  const y2026 = page.getByTestId('calendar-year-2026');
  await see(y2026.getByTestId('year-summary'), C.year2026);
  await y2026.locator('summary').click();
  await see(y2026, C.spring);
  await see(y2026, C.makeup);
  await page.getByTestId('calendar-year-2025').locator('summary').click();
  await see(page.getByTestId('calendar-year-2025'), C.source);
  await shot('1-defaults');

  const file = (name, json) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)) });
  await page.getByTestId('calendar-file').setInputFiles(file('2027-bad.json', { holidays: ['2027-10-09'], makeup_workdays: ['2027-10-09'] }));
  await see(page.getByTestId('calendar-chosen'), '2027-bad.json');
  await page.getByTestId('calendar-submit').click();
  await see(page.getByTestId('calendar-problem'), C.refused);
  await see(page.getByTestId('calendar-problem'), C.conflict);
  await page.getByTestId('calendar-file').setInputFiles(file('2027-typo.json', { holidays: ['2027-01-01', '2027-02-30'] }));
  await page.getByTestId('calendar-submit').click();
  await see(page.getByTestId('calendar-problem'), C.badDate);
  assert.equal(await page.getByTestId('calendar-year-2027').count(), 0, 'nothing changed');
  await shot('2-refused');

  await page.getByTestId('calendar-file').setInputFiles(file('2027.json', {
    source: '公司自定 2027', holidays: [{ date: '2027-01-01', name: '元旦' }, { date: '2027-01-02', name: '元旦' }], makeup_workdays: [{ date: '2027-01-09', name: '调休' }],
  }));
  await page.getByTestId('calendar-submit').click();
  await toast(page, C.imported);
  assert.equal(await page.getByTestId('calendar-problem').count(), 0);
  await see(page.getByTestId('calendar-year-2027').getByTestId('year-summary'), C.year2027);

  await page.getByTestId('company-name').fill('重庆仪器服务有限公司');
  await page.getByTestId('weekend-sat').click(); // Saturday becomes a working day
  await page.getByTestId('company-due-soon').fill('30');
  await page.getByTestId('company-save').click();
  await toast(page, C.saved);
  await see(page.getByTestId('company-updated'), C.updated);
  assert.equal(await page.getByTestId('weekend-sat').getAttribute('aria-checked'), 'false');
  assert.equal(await page.getByTestId('company-name').inputValue(), '重庆仪器服务有限公司');
  await shot('3-saved');
}

/** The engineer reads the settings and cannot change them. */
async function companyEngineer({ page, base, shot }, lang) {
  const C = await openCompany(page, base, lang);
  await see(page.getByTestId('company-readonly'), C.readOnly);
  assert.ok(await page.getByTestId('company-name').isDisabled(), 'read-only for the engineer');
  assert.equal(await page.getByTestId('company-save').count(), 0);
  assert.equal(await page.getByTestId('calendar-import').count(), 0);
  await see(page.getByTestId('calendar-year-2026').getByTestId('year-summary'), C.year2026);
  // A sync brings changes: the screen reads the settings again.
  const before = (await page.evaluate(() => window.__onsiteCalls.filter((c) => c.cmd === 'company_settings').length));
  await page.getByTestId('sync-now').click();
  await page.waitForFunction((n) => window.__onsiteCalls.filter((c) => c.cmd === 'company_settings').length > n, before);
  await shot('readonly');
}

/** What the customer screens say, per language. */
const CUSTOMERS = {
  'zh-CN': {
    title: '用户', key: '关键用户', created: '已登记用户 西南仪器研究所', saved: '已保存', inWarranty: '今日质保类别：质保期内',
    third: '今日质保类别：质保期后第3年', duplicate: '该用户已有这个序列号的设备', orderTier: '质保类别：质保期内', orderTierThird: '质保类别：质保期后第3年',
    tierCell: '质保期内', created102: '已创建工单 WO-2026-03-000102', history: '工单记录 (1)', readOnly: '只有售后服务部可以修改用户信息。',
    twoSites: '(2 处现场)', registered: '2 台设备',
  },
  en: {
    title: 'Customers', key: 'Key customer', created: 'Registered 西南仪器研究所', saved: 'Saved', inWarranty: 'Warranty tier today: In warranty',
    third: 'Warranty tier today: Extended (3rd year after warranty)', duplicate: 'This customer already has an instrument with that serial number',
    orderTier: 'Warranty tier: In warranty', orderTierThird: 'Warranty tier: Extended (3rd year after warranty)', tierCell: 'In warranty',
    created102: 'Created work order WO-2026-03-000102', history: 'Work orders (1)', readOnly: 'Only the office changes customers.',
    twoSites: '(2 sites)', registered: '2 instruments',
  },
};

/** Picks the 1st of this month in the date field `testid` (never after today: a valid acceptance date). */
async function pickFirstOfMonth(page, testid) {
  await page.getByTestId(testid).locator('input').first().click();
  await page.locator('.dp--cell-inner').filter({ hasText: /^\s*1\s*$/ }).first().click();
}

/**
 * Issue 13, the office's customers: the list (search by serial and by phone
 * digits, key customers only), registering a customer, its instrument with
 * the tier a call today gets, a second serial refused, a second site, a
 * contact's phones, the key flag; then a call on that instrument from its
 * screen takes the stored acceptance date, and the order shows in its
 * history and opens from there. Last, a call on another customer's new
 * instrument registers it with that customer.
 */
async function customersOffice({ page, base, shot }, lang) {
  const C = CUSTOMERS[lang];
  await openIn(page, base, lang);
  await page.getByTestId('nav-customers').click();
  const list = page.getByTestId('screen-customers');
  await see(list, C.title);
  await see(page.getByTestId('customer-row-华东计量检测中心'), C.key);
  await see(page.getByTestId('customer-row-华东计量检测中心'), C.twoSites);
  await see(page.getByTestId('customer-row-江南环境监测站'), '周工 · 0512-6666 0202');
  await shot('1-list');
  await page.getByTestId('customers-query').fill('sn-b7');
  await see(list, '江南环境监测站');
  await page.waitForFunction(() => !document.querySelector('[data-testid="customer-row-华东计量检测中心"]'));
  await page.getByTestId('customers-query').fill('55550101');
  await see(page.getByTestId('customer-row-华东计量检测中心'), '华东计量检测中心');
  await page.waitForFunction(() => !document.querySelector('[data-testid="customer-row-江南环境监测站"]'));
  await page.getByTestId('customers-query').fill('');
  await page.getByTestId('customers-key-only').check();
  await page.waitForFunction(() => !document.querySelector('[data-testid="customer-row-江南环境监测站"]'));
  await page.getByTestId('customers-key-only').uncheck();
  await see(page.getByTestId('customer-row-江南环境监测站'), '江南环境监测站');

  // Register a customer, then its instrument.
  await page.getByTestId('customer-add').click();
  await page.getByTestId('new-org').fill('西南仪器研究所');
  await page.getByTestId('new-site').fill('成都市武侯区科华北路 65 号');
  await page.getByTestId('new-contact').fill('何工');
  await page.getByTestId('new-phone').fill('028-8888 0303');
  await page.getByTestId('new-submit').click();
  await toast(page, C.created);
  await see(page.getByTestId('customer-org'), '西南仪器研究所');
  await page.getByTestId('equipment-add').click();
  await page.getByTestId('equipment-model').fill('LC-20AT 液相色谱仪');
  await page.getByTestId('equipment-serial').fill('SN-LC-0303');
  await pickFirstOfMonth(page, 'equipment-accepted');
  await page.getByTestId('equipment-save').click();
  await toast(page, C.saved);
  await see(page.getByTestId('equipment-SN-LC-0303').getByTestId('equipment-tier'), C.inWarranty);
  await see(page.getByTestId('equipment-SN-LC-0303'), '成都市武侯区科华北路 65 号');
  // The same serial number again (other case) is refused with a sentence.
  await page.getByTestId('equipment-add').click();
  await page.getByTestId('equipment-model').fill('LC-20AT');
  await page.getByTestId('equipment-serial').fill('sn-lc-0303');
  await page.getByTestId('equipment-save').click();
  await toast(page, C.duplicate);
  assert.equal(await page.locator('[data-testid^="equipment-SN"]').count(), 1, 'nothing added');
  await page.getByTestId('customer-equipment').getByRole('button', { name: lang === 'en' ? 'Cancel' : '取消' }).click();

  // A second site, a second phone, the key flag.
  await page.getByTestId('site-add').click();
  await page.getByTestId('site-name').fill('二号楼');
  await page.getByTestId('site-address').fill('成都市高新区天府大道 88 号');
  await page.getByTestId('site-save').click();
  await see(page.getByTestId('customer-sites'), '二号楼 成都市高新区天府大道 88 号');
  await page.getByTestId('contact-何工').getByTestId('contact-edit').click();
  await page.getByTestId('contact-phones').fill('028-8888 0303\n13900000303');
  await page.getByTestId('contact-save').click();
  await see(page.getByTestId('contact-何工'), '13900000303');
  await page.getByTestId('details-edit').click();
  await page.getByTestId('details-key').check();
  await page.getByTestId('details-save').click();
  await see(page.getByTestId('screen-customer').getByTestId('key-customer'), C.key);
  await shot('2-customer');

  // A call on that instrument: the customer and the instrument come chosen, the tier from the stored date.
  await page.getByTestId('customer-new-order').click();
  await see(page.getByTestId('cust-selected'), '西南仪器研究所');
  assert.equal(await page.getByTestId('eq-serial').inputValue(), 'SN-LC-0303');
  assert.ok(await page.getByTestId('eq-serial').isDisabled(), 'a registered instrument is taken as stored');
  await see(page.getByTestId('eq-tier'), C.orderTier);
  await page.getByTestId('fault-input').fill('泵压力波动');
  await page.getByTestId('prio-P2').click();
  await shot('3-call');
  await page.getByTestId('create-submit').click();
  await toast(page, C.created102);
  await see(page.getByTestId('tier'), C.tierCell);
  const sent = await page.evaluate(() => window.__onsiteCalls.filter((c) => c.cmd === 'create_work_order').pop().args.input);
  assert.equal(sent.equipment.serial, 'SN-LC-0303');
  assert.equal(sent.save_equipment, false, 'a registered instrument is not registered again');

  // The order is in the customer's history and opens from there.
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('customer-row-西南仪器研究所').click();
  await see(page.getByTestId('customer-history'), C.history);
  await page.getByTestId('wo-row-WO-2026-03-000102').locator('a').first().click();
  await see(page.getByTestId('screen-wo'), '泵压力波动');

  // A call on 华东's other instrument, typed in and registered with the customer.
  await page.getByTestId('nav-new').click();
  await page.getByTestId('cust-query').fill('华东');
  await page.getByTestId('cust-search').click();
  await page.getByTestId('cust-pick-华东计量检测中心').click();
  await see(page.getByTestId('eq-tier'), C.orderTierThird);
  await page.getByTestId('cust-site-pick').selectOption('s-2');
  assert.equal(await page.getByTestId('cust-site').inputValue(), '上海市闵行区江川路 1 号');
  await page.getByTestId('eq-pick-other').click();
  await page.getByTestId('eq-model').fill('AAS-7000 原子吸收光谱仪');
  await page.getByTestId('eq-serial').fill('SN-AAS-0707');
  assert.ok(await page.getByTestId('eq-save').isChecked(), 'registering it is the default');
  await page.getByTestId('fault-input').fill('火焰不稳定');
  await page.getByTestId('prio-P3').click();
  await page.getByTestId('create-submit').click();
  await see(page.getByTestId('screen-wo'), '火焰不稳定');
  await page.getByTestId('nav-customers').click();
  await see(page.getByTestId('customer-row-华东计量检测中心'), C.registered);
  await page.getByTestId('customer-row-华东计量检测中心').click();
  await see(page.getByTestId('equipment-SN-A1-2201').getByTestId('equipment-tier'), C.third);
  await see(page.getByTestId('equipment-SN-AAS-0707'), '上海市闵行区江川路 1 号');
  await shot('4-registered');
}

/** An engineer has no customer list, and opens the customer of his own order from it, read-only. */
async function customersEngineer({ page, base, shot }, lang) {
  const C = CUSTOMERS[lang];
  await openIn(page, base, lang);
  assert.equal(await page.getByTestId('nav-customers').count(), 0, 'the office\'s screen only');
  // From his order to its customer.
  await page.getByTestId('nav-orders').click();
  await page.getByTestId('wo-row-WO-2026-03-000101').locator('a').first().click();
  await page.getByTestId('wo-customer-link').click();
  await see(page.getByTestId('customer-readonly'), C.readOnly);
  await see(page.getByTestId('customer-equipment'), 'SN-A1-2201');
  assert.equal(await page.getByTestId('equipment-add').count(), 0);
  assert.equal(await page.getByTestId('details-edit').count(), 0);
  await see(page.getByTestId('customer-history'), 'WO-2026-03-000101');
  assert.equal(await page.getByTestId('wo-row-WO-2026-03-000090').count(), 0, 'the office\'s unassigned order is not his');
  await shot('readonly');
}

/** March's complaint and its report's figures, the same in both languages. */
const MARCH = { org: '华东计量检测中心', dueAt: '17:00', total: '2', closedOrders: '40', rate: '5.0%' };

/** What the office reads about complaints, per language. */
const COMPLAINT = byLanguage({
  title: ['用户投诉', 'Complaints'], confirmStage: ['待确定投诉问题', 'To confirm'], agreeStage: ['待协商处理措施', 'Measures to agree'], closedStage: ['已结案', 'Closed'],
  today: ['今天收到', 'Received today'], days14: ['已 14 天', '14 days old'], notOurs: ['非我方原因', 'Not our cause'], created: ['已登记投诉', 'Complaint recorded'],
  toConfirm: ['待确定投诉问题', 'To confirm'], toClose: ['待结案', 'To close'],
  steps: [['确定投诉问题', '分析核实', '协商处理措施', '处理及落实'], ['Confirm the problem', 'Analyse and verify', 'Agree the measures', 'Carry out and track']],
  recorded: ['已记录', 'Recorded'], notOursDone: ['已记录为非我方原因', 'Recorded as not our cause'], closed: ['投诉已结案', 'Complaint closed'], closedBy: ['结案', 'Closed by'],
  report: ['用户投诉月报', 'Monthly complaint report'], month: ['2026 年 3 月', '3/2026'], due: ['待提交', 'Due'], quality: ['质量异常', 'Quality anomaly'],
  onTime: ['已按时提交', 'Submitted on time'], submitted: ['月报已提交', 'Report submitted'], submittedBy: ['调度办公室 于', 'Submitted by 调度办公室'],
  saved: ['已保存到', 'Saved to'], feb: ['2026 年 2 月', '2/2026'], overdue: ['已逾期未提交', 'Overdue, not submitted'],
  noClosed: ['当月没有关闭的工单，不计算投诉率', 'No work order was closed this month: no complaint rate'], none: ['当月没有投诉', 'No complaints this month'],
});

/**
 * The office on 3 April 2026 (the page's clock fixed): the open complaints by
 * stage and age; a new complaint about a work order, walked through its four
 * steps (not our cause after the analysis) and closed; March's report — by
 * class, the rate, due by 17:00 on the 5th — submitted on time, printed and
 * exported; February's, with no closed orders, overdue.
 */
async function complaints({ page, base, shot }, lang) {
  const C = COMPLAINT[lang];
  await page.clock.setFixedTime(new Date('2026-04-03T10:00:00+08:00'));
  page.on('dialog', (d) => d.accept());
  await openIn(page, base, lang);
  await page.getByTestId('nav-complaints').click();
  await see(page.getByTestId('screen-complaints'), C.title);
  const confirm = page.getByTestId('complaint-stage-confirm');
  await see(confirm, C.confirmStage);
  await see(confirm.getByTestId('complaint-row-PO-2026-0130'), C.today);
  const agree = page.getByTestId('complaint-stage-agree');
  await see(agree.getByTestId('complaint-row-PO-2026-0117'), C.days14);
  await see(agree.getByTestId('complaint-row-PO-2026-0117'), C.notOurs);
  assert.equal(await page.getByTestId('complaint-row-PO-2026-0101').count(), 0, 'closed complaints hidden');
  await page.getByTestId('complaint-open-only').uncheck();
  await see(page.getByTestId('complaint-stage-closed'), 'PO-2026-0101');
  await shot('1-list');

  // A new complaint about WO-2026-03-000101: its customer comes from the order.
  await page.getByTestId('complaint-new').click();
  await fillForm(page, [['complaint-wo', 'WO-2026-03-000101'], ['complaint-order-no', 'PO-2026-0150'], ['complaint-part-no', 'PN-1001'],
    ['complaint-qty', '10'], ['complaint-defective', '2'], ['complaint-details', '更换的氘灯一周后再次失效'],
    ['complaint-request', '再次免费更换并查明原因']], { shot, shotName: '2-new', submit: 'complaint-create', done: C.created });
  await see(page.getByTestId('screen-complaint'), MARCH.org);
  await see(page.getByTestId('complaint-wo-link'), 'WO-2026-03-000101');
  await see(page.getByTestId('complaint-stage'), C.toConfirm);

  // The four steps, in order; not our cause after the analysis.
  const kinds = ['confirm', 'analyse', 'agree', 'track'];
  for (const [i, kind] of kinds.entries()) {
    await see(page.getByTestId('complaint-step-form'), C.steps[i]);
    await page.getByTestId('step-note').fill(`${C.steps[i]}：已完成`);
    await page.getByTestId('step-record').click();
    await toast(page, `${C.recorded}`);
    await see(page.getByTestId(`complaint-step-${kind}`), `${C.steps[i]}：已完成`);
    if (kind === 'analyse') {
      await page.getByTestId('not-ours-explanation').fill('灯座接地不良为用户现场电源问题，已向用户书面说明');
      await page.getByTestId('not-ours-record').click();
      await toast(page, C.notOursDone);
      await see(page.getByTestId('not-ours-text'), '已向用户书面说明');
    }
  }
  assert.equal(await page.getByTestId('complaint-step-form').count(), 0, 'no fifth step');
  await see(page.getByTestId('complaint-stage'), C.toClose);
  await shot('3-steps');
  await page.getByTestId('complaint-close').click();
  await toast(page, C.closed);
  await seeAll(page, [['complaint-closed', C.closedBy], ['complaint-stage', C.closedStage]]);
  await shot('4-closed');

  // March's report.
  await page.getByTestId('nav-complaint-report').click();
  await seeAll(page, [['screen-complaint-report', C.report], ['report-month', C.month], ['report-state', C.due], ['report-due', MARCH.dueAt],
    ['report-class-quality', C.quality], ['report-total', MARCH.total], ['report-closed', MARCH.closedOrders], ['report-rate', MARCH.rate]]);
  await shot('5-report');
  await page.getByTestId('report-submit').click();
  await toast(page, C.submitted);
  await see(page.getByTestId('report-state'), C.onTime);
  await see(page.getByTestId('report-submitted'), C.submittedBy);
  assert.equal(await page.getByTestId('report-submit').count(), 0, 'submitted once');
  await page.getByTestId('report-pdf').click();
  await toast(page, 'complaint-report-2026-03.pdf');
  await page.getByTestId('report-csv').click();
  await toast(page, 'complaint-report-2026-03.csv');
  await shot('6-submitted');

  // February: no closed orders, no complaints, not submitted by 5 March.
  await page.getByTestId('report-prev').click();
  await seeAll(page, [['report-month', C.feb], ['report-rate', C.noClosed], ['report-lines', C.none], ['report-state', C.overdue]]);
  await shot('7-february');
}

/** Complaints are not the engineer's: no menu entry. */
async function complaintsEngineer({ page, base }) {
  await engineerHome(page, base, ['nav-complaints', 'nav-complaint-report'], 'complaints are the office\'s');
}

export const flows = [
  ...inBothLanguages('customers', OFFICE_WU, customersOffice),
  ...inBothLanguages('customers-engineer', ZHANG, customersEngineer),
  ...inBothLanguages('complaints', OFFICE_WU, complaints),
  { name: 'complaints-engineer', fake: ZHANG, run: complaintsEngineer },
  ...inBothLanguages('company', OFFICE_WU, companyOffice),
  ...inBothLanguages('company-engineer', ZHANG, companyEngineer),
  ...inBothLanguages('errors', OFFICE_WU, errors),
  ...inBothLanguages('visit', ZHANG, visit),
  { name: 'office-zh', fake: OFFICE_WU, run: office },
  ...inBothLanguages('reasons', ZHANG, reasons, { startsInEnglish: true }),
  ...inBothLanguages('office-acts', OFFICE_WU, officeActs, { startsInEnglish: true }),
  ...inBothLanguages('drafts', ZHANG, engineerDrafts, { startsInEnglish: true }),
  ...inBothLanguages('office-drafts', OFFICE_WU, officeDrafts, { startsInEnglish: true, timezoneId: 'UTC' }),
  { name: 'tablet-zh', fake: ZHANG, viewport: { width: 800, height: 1280 }, touch: true, run: tablet },
  ...careFlows,
  ...dispatchFlows,
  ...warehouseFlows,
  ...contractFlows,
  ...statsFlows,
  ...historyFlows,
  ...photoFlows,
  ...phoneFlows,
];

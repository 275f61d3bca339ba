// The engineer's app on a phone (issue 18): 390 × 844 portrait, touch, in
// each language. 张伟 goes through every screen of his — my orders, a work
// order with its photos, parts, the sign-off, filing, search, stock,
// company settings (read only), settings — and on each one nothing is wider
// than the screen (no element's box leaves the viewport, no horizontal
// scroll) and every touch target is at least 44 px tall. On the work order
// the timeline buttons sit in a bar at the bottom of the screen (reachable
// with a thumb) whatever is scrolled; the signature pad uses the full
// width. A screenshot of each screen.
import assert from 'node:assert/strict';
import { ZHANG, drawSignature, inBothLanguages, openIn, see, toast } from './helpers.mjs';
import { addPhoto, pngFile } from './flows-photos.mjs';

const PHONE = { width: 390, height: 844 };

const T = {
  'zh-CN': { added: '照片已保存', saved: '已保存', resolved: '已修复', signer: '周工', signed: '签字人：周工', myOrders: '我的工单', filing: '存档' },
  en: { added: 'Photo saved', saved: 'Saved', resolved: 'Resolved', signer: 'Mr Zhou', signed: 'Signed by Mr Zhou', myOrders: 'My work orders', filing: 'Filing' },
};

/**
 * The phone-size checks on the screen shown: no element wider than the
 * viewport or outside it sideways, no horizontal scroll, touch targets ≥ 44 px.
 * Names the offenders.
 */
export async function fitsPhone(page, screen) {
  const r = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const name = (e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''} "${(e.textContent ?? '').trim().slice(0, 30)}"`;
    const shown = (e) => {
      const s = getComputedStyle(e);
      const b = e.getBoundingClientRect();
      return s.display !== 'none' && s.visibility !== 'hidden' && b.width > 1 && b.height > 1;
    };
    const all = [...document.querySelectorAll('body *')].filter(shown);
    const over = all.filter((e) => { const b = e.getBoundingClientRect(); return b.right > vw + 0.5 || b.left < -0.5; }).map((e) => `${name(e)} ${Math.round(e.getBoundingClientRect().left)}–${Math.round(e.getBoundingClientRect().right)}`);
    const targets = all.filter((e) => e.matches('button, a.btn, .navlink, select, input:not([type=checkbox]):not([type=radio]), textarea, label.kind, label.btn'));
    const small = targets.filter((e) => e.getBoundingClientRect().height < 44 - 0.5).map((e) => `${name(e)} ${Math.round(e.getBoundingClientRect().height)} px`);
    return { vw, scroll: document.documentElement.scrollWidth, over, small };
  });
  assert.equal(r.vw, PHONE.width, 'the page is laid out for the phone\'s width');
  assert.deepEqual(r.over, [], `${screen}: every element stays within the ${PHONE.width} px width`);
  assert.ok(r.scroll <= r.vw, `${screen}: no horizontal scroll (${r.scroll} > ${r.vw})`);
  assert.deepEqual(r.small, [], `${screen}: every touch target is at least 44 px tall`);
}

/** The timeline's own buttons are on screen at the bottom, within thumb reach, without scrolling to them. */
async function actionsDocked(page) {
  const bar = page.getByTestId('timeline-actions');
  const b = await bar.boundingBox();
  assert.ok(b, 'the timeline buttons are shown');
  assert.ok(b.y + b.height <= PHONE.height + 0.5 && b.y >= PHONE.height * 0.6, `the timeline buttons sit at the bottom of the screen (${Math.round(b.y)}–${Math.round(b.y + b.height)})`);
  assert.ok(b.width >= PHONE.width - 1, 'the bar spans the screen');
}

async function phone({ page, base, shot }, lang) {
  const L = T[lang];
  await openIn(page, base, lang);
  await fitsPhone(page, 'settings');
  await shot('8-settings');

  await page.goto(`${base}#/orders`);
  await see(page.getByTestId('wo-row-WO-2026-03-000098'), 'P2');
  await fitsPhone(page, 'my orders');
  await shot('1-my-orders');

  // The order on site: a photo, the work done, resolved from the bar at the bottom.
  await page.getByTestId('wo-row-WO-2026-03-000098').locator('a').first().click();
  await page.getByTestId('photos').waitFor();
  await fitsPhone(page, 'work order');
  await addPhoto(page, L, await pngFile(page, 'fault.png', 1200, 900, 'E-204'), 'fault', '');
  await page.getByTestId('photo-thumb-0').waitFor();
  await page.getByTestId('photos').scrollIntoViewIfNeeded();
  await fitsPhone(page, 'work order with a photo');
  await shot('2-work-order');
  await page.getByTestId('photo-open-0').click();
  await page.getByTestId('photo-full').waitFor();
  const img = await page.getByTestId('photo-full').boundingBox();
  assert.ok(img.width >= PHONE.width - 20, 'the full photo uses the phone\'s width');
  await fitsPhone(page, 'full photo');
  await page.getByTestId('photo-viewer-close').click();

  await page.getByTestId('work-done').fill('更换雾化器');
  await page.getByTestId('save-service').click();
  await toast(page, L.saved);
  await actionsDocked(page);
  await shot('2-work-order-bar');
  await page.getByTestId('act-resolve').click();
  await see(page.getByTestId('wo-status'), L.resolved);
  await actionsDocked(page);

  // Parts.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:098')}/parts`);
  await page.getByTestId('screen-parts').waitFor();
  await page.getByTestId('pickup-part').waitFor();
  await fitsPhone(page, 'parts');
  await shot('3-parts');

  // The sign-off: the pad across the whole width; signed.
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:098')}/sign`);
  const pad = page.getByTestId('signature-pad');
  await pad.waitFor();
  await page.getByTestId('record-photos').getByTestId('photo-thumb-0').waitFor(); // the customer sees the photo in what they sign
  await fitsPhone(page, 'sign-off');
  const content = await page.getByTestId('screen-sign').boundingBox();
  const p = await pad.boundingBox();
  assert.ok(p.width >= content.width - 2 && p.width >= PHONE.width - 32, `the signature pad uses the full width (${Math.round(p.width)} of ${Math.round(content.width)})`);
  await page.getByTestId('sign-matches').check();
  await page.getByTestId('sat-5').click();
  await page.getByTestId('sign-signer').fill(L.signer);
  await drawSignature(page);
  await shot('4-sign-off');
  await page.getByTestId('sign-submit').click();
  await see(page.getByTestId('signed-by'), L.signed);
  await fitsPhone(page, 'signed record');
  await shot('5-signed');

  // Filing (showing the signed order), search, stock, company settings: [route, what it shows, screen, screenshot].
  for (const [route, want, screen, shotName] of [
    ['filing', 'WO-2026-03-000098', 'filing', '6-filing'],
    ['search', null, 'search', null],
    ['stock', null, 'stock', '7-stock'],
    ['company', null, 'company settings', null],
  ]) {
    await page.goto(`${base}#/${route}`);
    const shown = page.getByTestId(`screen-${route}`);
    if (want) await see(shown, want);
    else await shown.waitFor();
    await fitsPhone(page, screen);
    if (shotName) await shot(shotName);
  }
}

export const phoneFlows = [
  ...inBothLanguages('phone', ZHANG, phone, { viewport: PHONE, touch: true }),
];

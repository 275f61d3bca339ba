// Photos 照片 through the real Onsite windows (issue 18), against the real
// sync server scripts/app-e2e.sh set up:
//
// 1. the engineer 杨金伟 opens one of his open orders and the network
//    goes off (the sync server stops); he adds a photo of the fault from a
//    file (a real PNG: a screenshot of this very window), a kind and a
//    caption; the thumbnail shows and the sync badge says a photo waits to
//    upload. The network comes back: the badge stops counting it;
// 2. the office's device, opened afterwards, shows the order's photo with
//    its kind and caption, the thumbnail fetched from the server (the bytes
//    the engineer's device scaled), and the full photo on a tap.
//
// Screens are saved to target/test-output/app-e2e/*-photo-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syncUntil, withApp } from './lib/app.mjs';
import { networkOff, networkOn } from './lib/network.mjs';

const VISIT_ORG = '内蒙古自治区农牧业科学院'; // visit.test.mjs's order: left to it
const CAPTION = `色谱柱接口漏气 ${String(Date.now()).slice(-6)}`;
const WAITING = '张照片待上传';

/** Whether the image with test id `testid` has loaded real pixels. */
const loaded = (app, testid) => app.js(
  `const i = document.querySelector('[data-testid="${testid}"]'); return !!i && i.complete && i.naturalWidth > 0 ? [i.naturalWidth, i.naturalHeight] : null;`,
);

test('the engineer photographs a fault with the network off and the office sees the photo after it returns', async (t) => {
  let id = null;
  await withApp(t, 'engineer', async (app) => {
    await app.see('screen-orders', '我的工单');
    const findRow = () => app.js(
      `const rows = [...document.querySelectorAll('[data-testid="screen-orders"] [data-testid^="wo-row-"]')];
       const r = rows.find((r) => /已派工|在现场/.test(r.innerText) && !r.innerText.includes(arguments[0]));
       return r ? r.dataset.testid : null;`, VISIT_ORG);
    await syncUntil(app, findRow, 'an open order in 我的工单');
    const rowId = await findRow();
    const picture = await app.shot('photo-subject'); // a real PNG to photograph
    await app.click(rowId);
    await app.find('photos');
    id = await app.currentWoId();
    assert.ok(id, 'the order is open');

    // --- The network goes off; the photo is taken.
    await networkOff(t);
    await app.js(`const i = document.querySelector('[data-testid="photo-file"]'); i.style.cssText = 'position: static; width: auto; height: auto; opacity: 1;';`);
    await (await app.find('photo-file')).sendKeys(picture);
    await app.find('photo-preview');
    await app.click('photo-kind-fault');
    await app.fill('photo-caption', CAPTION);
    await app.click('photo-save');
    await app.see('photo-caption-0', CAPTION);
    await app.see('photo-kind-0', '故障');
    await app.waitFor(() => loaded(app, 'photo-thumb-0'), 'the thumbnail');
    await app.see('sync-status', `1 ${WAITING}`);
    await app.shot('photo-offline');

    // --- The network returns: the photo uploads.
    await networkOn();
    await syncUntil(app, async () => !(await app.text('sync-status')).includes(WAITING), 'the photo uploaded');
    await app.shot('photo-uploaded');
  }, 'engineer-photo');

  await withApp(t, 'office', async (app) => {
    await app.js('location.hash = arguments[0];', `#/wo/${encodeURIComponent(id)}`);
    await syncUntil(app, async () => (await app.text('photos').catch(() => '')).includes(CAPTION), 'the engineer\'s photo in the order');
    await app.see('photo-kind-0', '故障');
    const size = await app.waitFor(() => loaded(app, 'photo-thumb-0'), 'the thumbnail from the server');
    assert.ok(Math.max(...size) <= 320, `a thumbnail of at most 320 px: ${size}`);
    await app.shot('photo-office');
    await app.click('photo-open-0');
    const full = await app.waitFor(() => loaded(app, 'photo-full'), 'the full photo from the server');
    assert.ok(Math.max(...full) > 320 && Math.max(...full) <= 2048, `the scaled photo: ${full}`);
    await app.see('photo-viewer', CAPTION);
    await app.shot('photo-office-full');
  }, 'office-photo');
});

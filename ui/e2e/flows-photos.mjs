// Photos 照片 on a work order (issue 18), in each language. The engineer
// 张伟 opens his order WO-098 on site, adds a photo from a file (a PNG made
// in the page, larger than the app keeps) with the kind 铭牌 and a caption,
// sees its thumbnail and the badge's "photos waiting to upload", opens the
// full photo (scaled to ≤ 2048 px), adds a second one and removes it. Then
// the order is signed on another device (behind the screen's back): adding
// a photo is refused with the sign-off's sentence, and reopened the section
// is read only, the photo still there. Syncing uploads the waiting photo.
// The fake scales and hashes like core (fake-photos.ts).
import assert from 'node:assert/strict';
import { ZHANG, callsOf, inBothLanguages, openIn, see, toast } from './helpers.mjs';

/** What the user reads, per language. */
const P = {
  'zh-CN': {
    title: '照片', none: '还没有照片', nameplate: '铭牌', fault: '故障', added: '照片已保存', removed: '照片已删除', caption: '铭牌：型号 LC-2030 序列号 SN-8841',
    waiting1: '1 张照片待上传', waiting2: '2 张照片待上传', refused: '客户已签字，签字的内容不能再修改', readOnly: '客户已签字，照片不能再添加或删除', close: '关闭',
  },
  en: {
    title: 'Photos', none: 'No photos yet', nameplate: 'Nameplate', fault: 'Fault', added: 'Photo saved', removed: 'Photo removed', caption: 'Nameplate: model LC-2030 serial SN-8841',
    waiting1: '1 photo waiting to upload', waiting2: '2 photos waiting to upload', refused: 'The customer has signed: the signed content cannot be changed', readOnly: 'photos can no longer be added or removed', close: 'Close',
  },
};

/** A PNG of `w` × `h` drawn in the page (bands of colour and a label), as a file for an <input type=file>. */
export async function pngFile(page, name, w, h, label) {
  const b64 = await page.evaluate(async ([w, h, label]) => {
    const c = new OffscreenCanvas(w, h);
    const g = c.getContext('2d');
    for (let i = 0; i < 8; i++) { g.fillStyle = `hsl(${i * 45}, 60%, 55%)`; g.fillRect((i * w) / 8, 0, w / 8 + 1, h); }
    g.fillStyle = '#fff'; g.font = `${Math.round(h / 6)}px sans-serif`; g.fillText(label, w / 10, h / 2);
    const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, [w, h, label]);
  return { name, mimeType: 'image/png', buffer: Buffer.from(b64, 'base64') };
}

/** Chooses `file`, the kind and caption, saves, waits for the toast. */
export async function addPhoto(page, L, file, kind, caption) {
  await page.getByTestId('photo-file').setInputFiles(file);
  await page.getByTestId('photo-preview').waitFor();
  await page.getByTestId(`photo-kind-${kind}`).click();
  if (caption) await page.getByTestId('photo-caption').fill(caption);
  await page.getByTestId('photo-save').click();
  await toast(page, L.added);
}

/** The natural size of an <img> once loaded. */
async function imageSize(locator) {
  await locator.waitFor();
  return locator.evaluate((img) => new Promise((res) => {
    const done = () => res([img.naturalWidth, img.naturalHeight]);
    if (img.complete && img.naturalWidth) done(); else img.addEventListener('load', done, { once: true });
  }));
}

async function photos({ page, base, shot }, lang) {
  const L = P[lang];
  await openIn(page, base, lang);
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:098')}`);
  const card = page.getByTestId('photos');
  await see(card, L.title);
  await see(page.getByTestId('photos-none'), L.none);

  // A nameplate photo from a file, 3000 × 2000: kept at 2048 × 1365, a thumbnail of 320 px.
  await addPhoto(page, L, await pngFile(page, 'nameplate.png', 3000, 2000, 'LC-2030 SN-8841'), 'nameplate', L.caption);
  await see(page.getByTestId('photo-kind-0'), L.nameplate);
  await see(page.getByTestId('photo-caption-0'), L.caption);
  const [tw, th] = await imageSize(page.getByTestId('photo-thumb-0'));
  assert.ok(tw === 320 && th <= 320, `the thumbnail is at most 320 px (${tw} × ${th})`);
  await see(page.getByTestId('sync-status'), L.waiting1);
  const [call] = await callsOf(page, 'add_photo');
  assert.equal(call.kind, 'nameplate');
  assert.ok(typeof call.data === 'string' && Buffer.from(call.data, 'base64')[0] === 0x89,
    'the file\'s bytes are sent as they are (a PNG), as one base64 string');
  await shot('1-thumbnail');

  // Tap → the full photo, scaled by the device.
  await page.getByTestId('photo-open-0').click();
  const [fw, fh] = await imageSize(page.getByTestId('photo-full'));
  assert.deepEqual([fw, fh], [2048, 1365], 'the full photo is scaled to 2048 px on its long side');
  await see(page.getByTestId('photo-viewer'), L.caption);
  await shot('2-full-photo');
  await page.getByTestId('photo-viewer-close').click();
  await page.getByTestId('photo-viewer').waitFor({ state: 'detached' });

  // A second photo, then removed (after confirming).
  await addPhoto(page, L, await pngFile(page, 'fault.png', 800, 600, 'E-204'), 'fault', '');
  await see(page.getByTestId('photo-kind-1'), L.fault);
  await see(page.getByTestId('sync-status'), L.waiting2);
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.accept(); });
  await page.getByTestId('photo-remove-1').click();
  await toast(page, L.removed);
  assert.ok(asked, 'removing asks first');
  assert.equal(await page.getByTestId('photo-1').count(), 0);
  await see(page.getByTestId('sync-status'), L.waiting1);

  // Signed on another device meanwhile: this screen still offers the form, core refuses.
  await page.evaluate(async () => {
    const invoke = window.__TAURI_INTERNALS__.invoke;
    await invoke('update_service', { id: 'wo:098', patch: { work_done: '更换雾化器' } });
    await invoke('act', { id: 'wo:098', action: 'resolve' });
    await invoke('sign', { id: 'wo:098', input: { signer: '周工', opinion: '', satisfaction: 5, matches_agreed_items: true, strokes: ['100,300 400,100 700,300 900,100'] } });
  });
  await page.getByTestId('photo-file').setInputFiles(await pngFile(page, 'late.png', 640, 480, 'late'));
  await page.getByTestId('photo-save').click();
  await toast(page, L.refused);
  // Opened again (the fake keeps its state in the page: a hash change, not a reload).
  // Wait for the order to leave the screen first: two hash changes in a row
  // can coalesce into none under load, and the card would keep its old view.
  await page.goto(`${base}#/`);
  await page.getByTestId('photos').waitFor({ state: 'detached' });
  await page.goto(`${base}#/wo/${encodeURIComponent('wo:098')}`);
  await see(page.getByTestId('photos-read-only'), L.readOnly);
  assert.equal(await page.getByTestId('photo-add').count(), 0, 'no adding once signed');
  assert.equal(await page.getByTestId('photo-remove-0').count(), 0, 'no removing once signed');
  await imageSize(page.getByTestId('photo-thumb-0'));
  await shot('3-signed-read-only');

  // Online: the photo is uploaded, the badge no longer counts it.
  await page.getByTestId('sync-status').click();
  await page.waitForFunction((w) => !document.querySelector('[data-testid="sync-status"]').innerText.includes(w), L.waiting1);
}

export const photoFlows = [
  ...inBothLanguages('photos', ZHANG, photos),
];

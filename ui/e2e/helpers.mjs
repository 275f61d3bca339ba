// The browser flows' shared helpers: waiting for what the user sees, the
// language switch, filling a form, the fake users. flows.mjs and each
// room's flows-*.mjs import them from here.
import assert from 'node:assert/strict';

const TIMEOUT = 5000;

export const OFFICE_WU = { role: 'office', user: 'office-wu', language: 'zh-CN' };
export const ZHANG = { role: 'engineer', user: 'zhang', language: 'zh-CN' };

/**
 * A table of what the user reads, written side by side: `key: [Chinese,
 * English]`. Gives `{ 'zh-CN': { key: Chinese }, en: { key: English } }`, as
 * the flows index it.
 */
export function byLanguage(table) {
  const pick = (i) => Object.fromEntries(Object.entries(table).map(([key, v]) => [key, v[i]]));
  return { 'zh-CN': pick(0), en: pick(1) };
}

/** Wait until the locator's text matches `want` (string: contains; RegExp: test). */
export async function see(locator, want, timeout = TIMEOUT) {
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

/** `see` for each `[testid, want]` pair on the page, in order. */
export async function seeAll(page, pairs) {
  for (const [id, want] of pairs) await see(page.getByTestId(id), want);
}

export async function toast(page, want) {
  return see(page.getByTestId('toast').filter({ hasText: want }), want);
}

/** The latest error toast saying `invalid`: opens its details fold and sees `want` there. Returns the toast. */
export async function errorDetails(page, { invalid, details }, want) {
  const box = page.getByTestId('toast').filter({ hasText: invalid }).last();
  await box.getByText(details).click();
  await see(box.getByTestId('error-details'), want);
  return box;
}

/** Switches the app to English through the settings screen (Chinese: nothing to do). */
export async function toLanguage(page, base, lang) {
  if (lang !== 'en') return;
  await page.goto(`${base}#/settings`);
  await page.getByTestId('lang-en').click();
  await see(page.getByTestId('screen-settings'), 'Language');
}

/** Opens the app's home and switches it to `lang`. */
export async function openIn(page, base, lang) {
  await page.goto(base);
  await toLanguage(page, base, lang);
}

/**
 * Fills a form (on the page, or `within` a part of it): each `[testid, value]`
 * in order, a string typed in, `{ option }` chosen in a select, `true` a
 * button pressed. Then takes the screenshot `shotName` (when given), presses
 * `submit` (when given) and waits for the toast `done` (when given).
 */
export async function fillForm(page, fields, { within = page, shot, shotName, submit, done } = {}) {
  for (const [id, value] of fields) {
    const field = within.getByTestId(id);
    if (value === true) await field.click();
    else if (typeof value === 'object') await field.selectOption(value.option);
    else await field.fill(value);
  }
  if (shotName) await shot(shotName);
  if (submit) await within.getByTestId(submit).click();
  if (done !== undefined) await toast(page, done);
}

/** The `args` (or `pick(args)`) of each call of `cmd` the page made to the fake backend. */
export async function callsOf(page, cmd, pick = (args) => args) {
  const args = await page.evaluate((name) => window.__onsiteCalls.filter((c) => c.cmd === name).map((c) => c.args), cmd);
  return args.map(pick);
}

/** An engineer (张伟) at home: none of the menu entries `navs` is there. */
export async function engineerHome(page, base, navs, why) {
  await page.goto(base);
  await see(page.getByTestId('who'), '张伟');
  for (const nav of navs) assert.equal(await page.getByTestId(nav).count(), 0, why);
}

/**
 * Flow `run` as `<name>-zh` and `<name>-en`, on the fake backend `fake`. The
 * English one starts in Chinese and switches in the flow, or, with
 * `startsInEnglish`, starts with the user's language already English.
 */
export function inBothLanguages(name, fake, run, { startsInEnglish = false, ...options } = {}) {
  return [
    { name: `${name}-zh`, fake, ...options, run: (c) => run(c, 'zh-CN') },
    { name: `${name}-en`, fake: startsInEnglish ? { ...fake, language: 'en' } : fake, ...options, run: (c) => run(c, 'en') },
  ];
}

/** Draws a signature of three strokes on the pad, then undoes the third (enough ink). */
export async function drawSignature(page) {
  await settled(page);
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

/** Waits until no toast shows: a toast in the page's flow moves the pad while a stroke is drawn. */
export async function settled(page) {
  await page.getByTestId('toast').first().waitFor({ state: 'detached', timeout: 15_000 });
}

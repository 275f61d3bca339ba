// Driving the real Onsite window through tauri-driver: one WebDriver
// session per app launch, over ONE keep-alive HTTP connection (tauri-driver
// 2.1 drops connections at random when a client opens a new one per
// request), plus the few helpers the tests read like a user: see text,
// click, type, draw, take a screenshot.
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { By, WebDriver } from 'selenium-webdriver';
import { Executor, HttpClient } from 'selenium-webdriver/http/index.js';

/** What scripts/app-e2e.sh hands over. */
export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run these tests through scripts/app-e2e.sh`);
  return v;
}

export const OUT = process.env.ONSITE_E2E_OUT ?? join(process.cwd(), 'output');
const STEP_TIMEOUT = Number(process.env.ONSITE_E2E_STEP_TIMEOUT ?? 15_000);

/** ONE keep-alive agent for every request of every session. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** The selector of a test id; `"row field"` is the field inside the row (test ids have no spaces). */
const css = (testid) => testid.split(' ').map((id) => `[data-testid="${id}"]`).join(' ');

export class App {
  /**
   * Launches the app binary through the tauri-driver at `driverUrl` (whose
   * environment says which device it is) and waits for the first screen.
   */
  static async launch(driverUrl, label) {
    const executor = new Executor(new HttpClient(driverUrl, agent));
    const caps = new Map([['tauri:options', { application: env('ONSITE_E2E_APP') }]]);
    const driver = await WebDriver.createSession(executor, caps);
    const app = new App(driver, label);
    await app.waitFor(() => app.js(`return !!document.querySelector('header nav a') || !!document.querySelector('${css('fatal')}');`), 'the first screen');
    const fatal = await app.text('fatal');
    if (fatal) throw new Error(`the app shows a fatal error: ${fatal}`);
    return app;
  }

  constructor(driver, label) {
    this.driver = driver;
    this.label = label;
    this.shots = 0;
  }

  async quit() {
    await this.driver.quit().catch(() => {});
  }

  js(script, ...args) {
    return this.driver.executeScript(script, ...args);
  }

  /** Polls `probe` until it returns something truthy; returns that. */
  async waitFor(probe, what, timeout = STEP_TIMEOUT) {
    const deadline = Date.now() + timeout;
    let lastErr;
    for (;;) {
      try {
        const v = await probe();
        if (v) return v;
      } catch (e) {
        lastErr = e;
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.label}: timed out after ${timeout} ms waiting for ${what}${lastErr ? ` (${lastErr.message})` : ''}`);
      }
      await sleep(150);
    }
  }

  /** innerText of the first element with this data-testid, or null. */
  text(testid, within = null) {
    return this.js(
      `const root = arguments[1] ? document.querySelector(arguments[1]) : document;
       const e = root && root.querySelector(arguments[0]); return e ? e.innerText : null;`,
      css(testid), within ? css(within) : null,
    );
  }

  exists(testid) {
    return this.js('return !!document.querySelector(arguments[0]);', css(testid));
  }

  /** Waits until the element's text contains `want` (string) or matches it (RegExp); returns the text. */
  async see(testid, want, timeout = STEP_TIMEOUT) {
    let last = null;
    try {
      return await this.waitFor(async () => {
        last = await this.text(testid);
        if (last === null) return null;
        return (typeof want === 'string' ? last.includes(want) : want.test(last)) ? last : null;
      }, `${want} in [${testid}]`, timeout);
    } catch (e) {
      e.message += `; it shows: ${JSON.stringify(last?.slice(0, 300) ?? '(absent)')}`;
      throw e;
    }
  }

  /** Waits until the form field (input, textarea) with this data-testid holds `want` and is displayed; returns its value. */
  async seeValue(testid, want, timeout = STEP_TIMEOUT) {
    let last = null;
    try {
      return await this.waitFor(async () => {
        const el = (await this.driver.findElements(By.css(css(testid))))[0];
        if (!el) return null;
        last = await el.getAttribute('value');
        return last === want && (await el.isDisplayed()) ? last : null;
      }, `${want} in the field [${testid}]`, timeout);
    } catch (e) {
      e.message += `; it holds: ${JSON.stringify(last?.slice(0, 300) ?? '(absent)')}`;
      throw e;
    }
  }

  /** Waits until one of the toasts on screen (there may be two) says `want`; returns its text. */
  async seeToast(want, timeout = STEP_TIMEOUT) {
    let last = null;
    try {
      return await this.waitFor(async () => {
        last = await this.js(`return [...document.querySelectorAll(arguments[0])].map((e) => e.innerText);`, css('toast'));
        return last.find((x) => x.includes(want)) ?? null;
      }, `a toast saying ${want}`, timeout);
    } catch (e) {
      e.message += `; toasts on screen: ${JSON.stringify(last)}`;
      throw e;
    }
  }

  /** Closes every toast on screen (its ✕), as a user clears them before looking at the page. */
  async dismissToasts() {
    await this.js(`document.querySelectorAll('${css('toast')} button').forEach((b) => b.click());`);
    await this.gone('toast');
  }

  async gone(testid, timeout = STEP_TIMEOUT) {
    await this.waitFor(async () => !(await this.exists(testid)), `[${testid}] to go away`, timeout);
  }

  async find(testid) {
    return this.waitFor(async () => {
      const els = await this.driver.findElements(By.css(css(testid)));
      return els[0] ?? null;
    }, `[${testid}]`);
  }

  /** Scrolls the element into the middle of the view and clicks it (retrying a stale or covered one). */
  async click(testid) {
    await this.waitFor(async () => {
      const el = await this.find(testid);
      if (!(await el.isEnabled())) return false;
      await this.js('arguments[0].scrollIntoView({block: "center"});', el);
      await el.click();
      return true;
    }, `[${testid}] to be clickable`);
  }

  /** Types each value of `fields` (test id → text) into its field, in order. */
  async fillAll(fields) {
    for (const [testid, value] of Object.entries(fields)) await this.fill(testid, value);
  }

  /**
   * The office takes a call on the new-order screen (not yet submitted): the
   * customer found by `query` and picked by its name, the fault, the
   * priority, the agreed items and the estimate.
   */
  async fillNewOrder({ query, customer, fault, priority, items, estimate }) {
    await this.open('new', '新建工单');
    await this.fill('cust-query', query);
    await this.click('cust-search');
    await this.click(`cust-pick-${customer}`);
    await this.fill('fault-input', fault);
    await this.click(`prio-${priority}`);
    await this.fillAll({ 'items-input': items, 'estimate-input': estimate });
  }

  /** Taps action button `act-<action>` and waits for the order's status to read `status`. */
  async act(action, status) {
    await this.click(`act-${action}`);
    await this.see('wo-status', status);
  }

  /** Opens screen `screen` from the navigation and waits for it to show `want`. */
  async open(screen, want) {
    await this.click(`nav-${screen}`);
    await this.see(`screen-${screen}`, want);
  }

  /**
   * Types `value` into an input or textarea. WebKitWebDriver types ASCII
   * keys; text it cannot type (Chinese, as an IME would enter it) is set the
   * way an IME commits it: the value, then an `input` event.
   */
  async fill(testid, value) {
    const el = await this.find(testid);
    await this.js('arguments[0].scrollIntoView({block: "center"});', el);
    await el.clear();
    if (/^[\x20-\x7e]*$/.test(value)) await el.sendKeys(value);
    if ((await el.getAttribute('value')) !== value) {
      await this.js(
        `const e = arguments[0]; e.focus(); e.value = arguments[1];
         e.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: arguments[1] }));
         e.dispatchEvent(new Event('change', { bubbles: true }));`,
        el, value,
      );
    }
    const got = await el.getAttribute('value');
    if (got !== value) throw new Error(`${this.label}: [${testid}] holds ${JSON.stringify(got)}, not ${JSON.stringify(value)}`);
  }

  /** Chooses the option of a <select> whose text contains `label`. */
  async choose(testid, label) {
    const sel = await this.find(testid);
    const option = await this.waitFor(async () => {
      for (const o of await sel.findElements(By.css('option'))) if ((await o.getText()).includes(label)) return o;
      return null;
    }, `an option "${label}" in [${testid}]`);
    await this.js('arguments[0].scrollIntoView({block: "center"});', sel);
    await option.click();
    if (!(await option.isSelected())) {
      await this.js(`arguments[0].selected = true; arguments[1].dispatchEvent(new Event('change', { bubbles: true }));`, option, sel);
    }
  }

  /**
   * Draws strokes on a canvas with WebDriver pointer actions, as a finger
   * would. `strokes`: arrays of [fx, fy] fractions of the canvas.
   */
  async draw(testid, strokes) {
    const el = await this.find(testid);
    await this.js('arguments[0].scrollIntoView({block: "center"});', el);
    const { width, height } = await el.getRect();
    // Offsets are from the element's centre (W3C actions with an element origin).
    const at = ([fx, fy]) => ({ origin: el, x: Math.round((fx - 0.5) * width), y: Math.round((fy - 0.5) * height) });
    for (const pts of strokes) {
      let a = this.driver.actions({ async: true }).move({ ...at(pts[0]), duration: 0 }).press();
      for (let i = 1; i < pts.length; i++) {
        // intermediate points so the pad sees a pen moving, not a jump
        const [x0, y0] = pts[i - 1];
        const [x1, y1] = pts[i];
        for (let k = 1; k <= 6; k++) a = a.move({ ...at([x0 + ((x1 - x0) * k) / 6, y0 + ((y1 - y0) * k) / 6]), duration: 16 });
      }
      await a.release().perform();
    }
  }

  /**
   * The customer fills in the sign-off screen (not yet submitted): the record
   * matches the agreed items, an opinion when given, a satisfaction rating,
   * the signature's `strokes` on the pad and the signer's name.
   */
  async customerSigns({ signer, strokes, opinion = null, satisfaction = 5 }) {
    await this.click('sign-matches');
    if (opinion !== null) await this.fill('sign-opinion', opinion);
    await this.click(`sat-${satisfaction}`);
    await this.draw('signature-pad', strokes);
    await this.waitFor(async () => (await this.find('sig-undo')).isEnabled(), 'the pad to hold the strokes');
    await this.fill('sign-signer', signer);
  }

  /** The current route's work-order id (from `#/wo/<id>…`), or null. */
  async currentWoId() {
    const hash = await this.js('return location.hash;');
    const m = /^#\/wo\/([^/]+)/.exec(hash);
    return m ? decodeURIComponent(m[1]) : null;
  }

  /** Saves a screenshot after two animation frames, so it shows what was just asserted. */
  async shot(name) {
    await this.driver.executeAsyncScript('const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));');
    const png = await this.driver.takeScreenshot();
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, `${this.label}-${String(++this.shots).padStart(2, '0')}-${name}.png`);
    writeFileSync(file, Buffer.from(png, 'base64'));
    return file;
  }
}

/** The server's copy of a document, through its admin command (`doc show`). */
export function serverDoc(id) {
  const out = execFileSync(env('ONSITE_E2E_SERVER_BIN'), ['--data', env('ONSITE_E2E_SERVER_DATA'), 'doc', 'show', id], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out);
}

/** The first object under `v` (depth-first) that has key `key`, or null. */
export function findKey(v, key) {
  if (!v || typeof v !== 'object') return null;
  if (!Array.isArray(v) && key in v && v[key] !== null) return v[key];
  for (const x of Object.values(v)) {
    const f = findKey(x, key);
    if (f !== null) return f;
  }
  return null;
}

/** How long a test keeps syncing while it waits for something to arrive. */
export const SYNC_TIMEOUT = Number(process.env.ONSITE_E2E_SYNC_TIMEOUT ?? 90_000);

/**
 * Taps the sync badge (sync now) until `probe` holds: the app syncs by itself
 * too, this only makes the test independent of its schedule.
 */
export async function syncUntil(app, probe, what) {
  const deadline = Date.now() + SYNC_TIMEOUT;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${app.label}: no ${what} after syncing for ${SYNC_TIMEOUT} ms; sync badge: ${await app.text('sync-status')}`);
    await app.click('sync-status').catch(() => {});
    await app.waitFor(probe, what, 5_000).catch(() => {});
  }
}

/**
 * Launches the app as `role` (`engineer`, `office` or `storekeeper`) for test
 * `t`, runs `steps` with it and quits it; a failing step saves a FAILED
 * screenshot first. Screenshots are named after `label` (default: the role).
 */
export async function withApp(t, role, steps, label = role) {
  const app = await App.launch(env(`ONSITE_E2E_${role.toUpperCase()}_DRIVER`), label);
  t.after(() => app.quit());
  try {
    await steps(app);
  } catch (e) {
    await app.shot('FAILED').catch(() => {});
    throw e;
  } finally {
    // Closed when its steps end, so one test may open the same device again.
    await app.quit();
  }
}

/** The text of a PDF the app printed (pdftotext), every white space removed. */
export function pdfText(path) {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).split(/\s+/).join('');
}

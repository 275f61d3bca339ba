// Browser end-to-end tests: build the app, bundle the fake backend, serve
// `dist` with `vite preview` on a free port, drive Debian's chromium through
// playwright-core, save a screenshot of every screen.
//
//   npm run e2e                 build + run every flow
//   SKIP_BUILD=1 npm run e2e    reuse dist/
//   HEADED=1 / FLOW=office …    (debugging)
//
// A flow may set `timezoneId` (the machine's zone; default Asia/Shanghai).
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { flows } from './flows.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, '..');
const outDir = resolve(ui, '../target/test-output/ui-e2e');
const fakeDir = resolve(ui, '../target/ui-e2e-build');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  if (!process.env.SKIP_BUILD) await build({ root: ui, logLevel: 'warn' });
  await build({
    root: ui, logLevel: 'warn', configFile: false, publicDir: false,
    build: { outDir: fakeDir, emptyOutDir: true, minify: false,
      lib: { entry: join(here, 'fake-backend.ts'), formats: ['iife'], name: 'OnsiteFake', fileName: () => 'fake-backend.js' } },
  });
  const fakeJs = readFileSync(join(fakeDir, 'fake-backend.js'), 'utf8');

  // Serve with the app's own Content-Security-Policy, so anything the
  // webview would refuse (eval, inline scripts) fails here too.
  const csp = JSON.parse(readFileSync(resolve(ui, '../src-tauri/tauri.conf.json'), 'utf8'))?.app?.security?.csp;
  const port = await freePort();
  const server = await preview({
    root: ui, logLevel: 'warn',
    preview: { port, strictPort: true, host: '127.0.0.1', headers: csp ? { 'Content-Security-Policy': csp } : {} },
  });
  const base = `http://127.0.0.1:${port}/`;

  const only = process.env.FLOW;
  let failed = 0;
  for (const flow of flows.filter((f) => !only || f.name.includes(only))) {
    const profile = mkdtempSync(join(tmpdir(), 'onsite-e2e-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: !process.env.HEADED, args: FLAGS,
      viewport: flow.viewport ?? { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: flow.timezoneId ?? 'Asia/Shanghai', hasTouch: !!flow.touch,
    });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.addInitScript((cfg) => { window.__ONSITE_FAKE__ = cfg; }, flow.fake);
    await page.addInitScript({ content: fakeJs });
    const started = Date.now();
    try {
      await flow.run({ page, base, shot: (name) => screenshot(page, `${flow.name}-${name}`) });
      if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
      console.log(`ok   ${flow.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.error(`FAIL ${flow.name}: ${e?.stack ?? e}`);
      await screenshot(page, `${flow.name}-FAILED`).catch(() => {});
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  await new Promise((r) => server.httpServer.close(r));
  console.log(failed ? `${failed} flow(s) failed` : `all flows passed; screenshots in ${outDir}`);
  process.exit(failed ? 1 : 0);
}

async function screenshot(page, name) {
  // Two frames so the screenshot shows the state just asserted.
  await page.evaluate(() => new Promise((r) => { window.scrollTo(0, 0); requestAnimationFrame(() => requestAnimationFrame(r)); }));
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

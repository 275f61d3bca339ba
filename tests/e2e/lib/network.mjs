// "The network" of the real-app tests: the one sync server the devices
// reach. Turning it off stops the server process (the app then finds
// nothing listening, as with no connectivity); turning it on starts the same
// binary on the same data dir and port again. scripts/app-e2e.sh started the
// first server and hands over its pid; a restarted one is recorded in
// $ONSITE_E2E_OUT/server-restarted.pid. It outlives the test file that
// started it (node runs each file in its own process, and the next file's
// devices still need a server); the script's clean-up stops it, and the
// next file that turns the network off reads its pid from that file.
//
// A test that turns the network off hands networkOff its test context: the
// network is turned on again after the test however it ends, so a failure
// while offline does not leave the next file without a server (it once made
// the next file's networkOff fail with `kill ESRCH`, hiding the first
// failure behind a second).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { env, OUT } from './app.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PID_FILE = join(OUT, 'server-restarted.pid');

/** The running server's pid: the one an earlier file restarted, else the script's. */
const running = () => (existsSync(PID_FILE) ? Number(readFileSync(PID_FILE, 'utf8')) : Number(env('ONSITE_E2E_SERVER_PID')));

async function healthy() {
  try {
    const r = await fetch(`${env('ONSITE_E2E_SERVER_URL')}/v1/health`, { signal: AbortSignal.timeout(2_000) });
    return r.ok;
  } catch {
    return false;
  }
}

function alive(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether this file turned the network off and has not turned it on again. */
let off = false;

/**
 * Stops the sync server and waits until nothing answers on its address.
 * With the test context `t`, the network is turned on again after the test
 * if it is still off then. A server that is already stopped is left so (the
 * network is off either way); one that answers without a live recorded
 * process is an error that says so.
 */
export async function networkOff(t) {
  if (t && !off) t.after(async () => { if (off) await networkOn(); });
  off = true;
  const pid = running();
  if (!alive(pid)) {
    if (await healthy()) throw new Error(`a sync server answers but the recorded one (pid ${pid}) is not running`);
    return;
  }
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50 && (await healthy()); i++) await sleep(100);
  if (await healthy()) throw new Error('the sync server still answers after it was stopped');
}

/** Starts the sync server again on the same data and port; waits until it is healthy. */
export async function networkOn() {
  const url = new URL(env('ONSITE_E2E_SERVER_URL'));
  const log = openSync(join(OUT, 'server-restarted.log'), 'a');
  const child = spawn(env('ONSITE_E2E_SERVER_BIN'), ['--data', env('ONSITE_E2E_SERVER_DATA'), 'serve', '--addr', url.host], {
    stdio: ['ignore', log, log],
    env: { ...process.env, NO_COLOR: '1' },
    detached: true, // outlives this file's process; the script's clean-up stops it
  });
  closeSync(log);
  child.unref();
  writeFileSync(PID_FILE, `${child.pid}\n`);
  off = false;
  for (let i = 0; i < 300; i++) {
    if (await healthy()) return;
    if (child.exitCode !== null) throw new Error(`the restarted sync server exited with ${child.exitCode} (see server-restarted.log)`);
    await sleep(100);
  }
  throw new Error('the restarted sync server did not become healthy in 30 s');
}

// "The network" of the real-app tests: the one sync server the devices
// reach. Turning it off stops the server process (the app then finds
// nothing listening, as with no connectivity); turning it on starts the same
// binary on the same data dir and port again. scripts/app-e2e.sh started the
// first server and hands over its pid; a restarted one is a child of this
// process, recorded in $ONSITE_E2E_OUT/server-restarted.pid so the script's
// clean-up stops it too, and stopped when this process exits.
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { env, OUT } from './app.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PID_FILE = join(OUT, 'server-restarted.pid');

let pid = Number(env('ONSITE_E2E_SERVER_PID'));
let child = null;
process.on('exit', () => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
});

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

/** Stops the sync server and waits until nothing answers on its address. */
export async function networkOff() {
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
  child = spawn(env('ONSITE_E2E_SERVER_BIN'), ['--data', env('ONSITE_E2E_SERVER_DATA'), 'serve', '--addr', url.host], {
    stdio: ['ignore', log, log],
    env: { ...process.env, NO_COLOR: '1' },
  });
  closeSync(log);
  child.unref(); // the tests' process may end while it runs; the 'exit' hook stops it
  pid = child.pid;
  writeFileSync(PID_FILE, `${pid}\n`);
  child.on('exit', () => rmSync(PID_FILE, { force: true }));
  for (let i = 0; i < 300; i++) {
    if (await healthy()) return;
    if (child.exitCode !== null) throw new Error(`the restarted sync server exited with ${child.exitCode} (see server-restarted.log)`);
    await sleep(100);
  }
  throw new Error('the restarted sync server did not become healthy in 30 s');
}

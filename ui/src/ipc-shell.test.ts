import { describe, expect, it } from 'vitest';
import apiTs from './api.ts?raw';
import ipcDoc from '../../docs/ipc.md?raw';
import shellLib from '../../src-tauri/src/lib.rs?raw';

/** The commands `api.ts` calls (`call<…>('name', …)`), in order. */
function called(): string[] {
  return [...apiTs.matchAll(/call<.*?>\('([a-z_]+)'/g)].map((m) => m[1]);
}

/** The commands docs/ipc.md's table lists. */
function documented(): string[] {
  const section = ipcDoc.split('## Commands')[1].split('\n## ')[0];
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
}

/** The commands the Tauri shell registers (`commands::<room>::<name>` in `generate_handler!`). */
function registered(): string[] {
  const handler = shellLib.split('generate_handler![')[1].split(']')[0];
  return [...handler.matchAll(/commands::\w+::(\w+)/g)].map((m) => m[1]);
}

const sorted = (xs: string[]) => [...new Set(xs)].sort();

describe('the shell registers what docs/ipc.md lists', () => {
  it('docs/ipc.md lists exactly the commands the shell registers and api.ts calls', () => {
    expect(called()).toContain('edit_customer');
    expect(registered().length).toBeGreaterThan(30);
    expect(sorted(documented())).toEqual(sorted(registered()));
    expect(sorted(called())).toEqual(sorted(registered()));
  });
});

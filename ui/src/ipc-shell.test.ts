import { describe, expect, it } from 'vitest';
import apiTs from './api.ts?raw';
import ipcDoc from '../../docs/ipc.md?raw';
import shellLib from '../../src-tauri/src/lib.rs?raw';

/** The shell's command modules, by path. */
const commandFiles = import.meta.glob('../../src-tauri/src/commands/*.rs', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

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

/** Splits `a: X<b, c>, d: Y` at the commas outside angle brackets and parentheses. */
function topLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '<' || ch === '(') depth++;
    if (ch === '>' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Each command's IPC argument names as the shell reads them: its Rust
 * parameters camelCased (Tauri's mapping), without the ones Tauri injects
 * (the app state, the app handle). Commands written out as functions and
 * those of `edits!` and `reads!` blocks (`name(args) -> T => …`).
 */
function shellArgs(): Map<string, string[]> {
  const args = new Map<string, string[]>();
  const add = (name: string, params: string) => {
    const names = topLevel(params)
      .filter((p) => !/:\s*(State<|AppHandle|tauri::)/.test(p))
      .map((p) => camel(p.split(':')[0].trim()));
    args.set(name, names.sort());
  };
  for (const src of Object.values(commandFiles)) {
    for (const m of src.matchAll(/pub (?:async )?fn (\w+)\(([^]*?)\)\s*(?:->|\{)/g)) add(m[1], m[2]);
    for (const block of src.split(/\b(?:edits|reads)! \{/).slice(1)) {
      for (const m of block.split('\n}')[0].matchAll(/^\s+(\w+)\(([^)]*)\)\s*->/gm)) add(m[1], m[2]);
    }
  }
  return args;
}

/** Each command's argument names as api.ts sends them (the keys of its argument object). */
function sentArgs(): Map<string, string[]> {
  const args = new Map<string, string[]>();
  for (const m of apiTs.matchAll(/call<.*?>\('([a-z_]+)'(?:,\s*\{([^}]*)\})?\)/g)) {
    const keys = topLevel(m[2] ?? '').map((k) => k.split(':')[0].trim());
    args.set(m[1], keys.sort());
  }
  return args;
}

describe('the shell registers what docs/ipc.md lists', () => {
  it('docs/ipc.md lists exactly the commands the shell registers and api.ts calls', () => {
    expect(called()).toContain('edit_customer');
    expect(registered().length).toBeGreaterThan(30);
    expect(sorted(documented())).toEqual(sorted(registered()));
    expect(sorted(called())).toEqual(sorted(registered()));
  });

  // Pins the bug where the shell read list_contracts' `state` as `contractState`:
  // Tauri ignores an argument it does not read, so the real app dropped the filter.
  it('api.ts sends each command exactly the arguments the shell reads', () => {
    const shell = shellArgs();
    const sent = sentArgs();
    expect(sent.get('pickup_parts')).toEqual(['partId', 'qty', 'serials', 'warehouse', 'workOrderId']);
    expect(shell.get('list_contracts')).toEqual(['customerId', 'state']);
    for (const name of registered()) {
      expect({ name, args: sent.get(name) ?? 'not called' }).toEqual({ name, args: shell.get(name) ?? 'not found in the shell' });
    }
  });
});

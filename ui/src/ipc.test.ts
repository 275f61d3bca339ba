/**
 * The IPC contract in one place: every command `src/api.ts` calls is listed
 * in docs/ipc.md's *Commands* section, and the other way round; the browser
 * tests' fake backend (e2e/fake-backend.ts and the files it spreads in)
 * implements each of them. A command added on one side fails here until the
 * others follow.
 */
import { describe, expect, it } from 'vitest';
import apiTs from './api.ts?raw';
import ipcMd from '../../docs/ipc.md?raw';
import fakeBackendTs from '../e2e/fake-backend.ts?raw';
import fakeCareTs from '../e2e/fake-care.ts?raw';
import fakeComplaintsTs from '../e2e/fake-complaints.ts?raw';
import fakeCustomersTs from '../e2e/fake-customers.ts?raw';
import fakeDispatchTs from '../e2e/fake-dispatch.ts?raw';
import fakeWarehouseTs from '../e2e/fake-warehouse.ts?raw';
import fakeContractsTs from '../e2e/fake-contracts.ts?raw';
import fakeStatsTs from '../e2e/fake-stats.ts?raw';
import fakeHistoryTs from '../e2e/fake-history.ts?raw';
import fakePhotosTs from '../e2e/fake-photos.ts?raw';

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

function apiCommands(): string[] {
  return sorted([...apiTs.matchAll(/\bcall<[^(]*>\('([a-z_]+)'/g)].map((m) => m[1]));
}

function documentedCommands(): string[] {
  const section = ipcMd.split('\n## Commands')[1]?.split('\n## ')[0] ?? '';
  return sorted([...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]));
}

function fakeCommands(): string[] {
  return sorted([fakeBackendTs, fakeCareTs, fakeCustomersTs, fakeComplaintsTs, fakeDispatchTs, fakeWarehouseTs, fakeContractsTs, fakeStatsTs, fakeHistoryTs, fakePhotosTs].flatMap((text) => {
    // The main fake's, the care fake's, the warehouse fake's, the contracts fake's, the history fake's and the photos fake's `commands` object; the customer,
    // complaint, dispatch and stats fakes return theirs from their exported function.
    const body = text.split(/const commands: Record<string, \(a: Json\) => unknown> = \{/)[1] ?? text.split(/\n {2}return \{\n/)[1] ?? '';
    return [...body.matchAll(/^ {2,4}([a-z_]+): (?:async )?\(/gm)].map((m) => m[1]);
  }));
}

describe('the IPC contract', () => {
  it('documents exactly the commands the UI calls', () => {
    const api = apiCommands();
    expect(api).toContain('list_follow_ups');
    expect(documentedCommands()).toEqual(api);
  });

  it('has every command in the browser tests\' fake backend', () => {
    const fake = new Set(fakeCommands());
    expect(apiCommands().filter((c) => !fake.has(c))).toEqual([]);
  });
});

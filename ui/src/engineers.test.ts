import { describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';

// store.ts is the app's shell state and reads the hash route on import.
vi.stubGlobal('location', { hash: '' });
vi.stubGlobal('window', { addEventListener: () => {} });
const { api, docsVersion } = await import('./store');
const { engineers, loadEngineers } = await import('./engineers');

/** Lets the pending promise callbacks run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await nextTick();
};

describe('the engineer list', () => {
  it('is read again after a sync brought changes, so a new engineer is offered without a restart', async () => {
    const directory = [{ name: 'yangjinwei', display: '杨金伟' }];
    const list = vi.spyOn(api, 'listEngineers').mockImplementation(async () => [...directory]);
    await loadEngineers();
    await loadEngineers();
    expect(list).toHaveBeenCalledTimes(1);
    expect(engineers.value.map((e) => e.display)).toEqual(['杨金伟']);

    directory.push({ name: 'xinren', display: '辛仁' });
    docsVersion.value++;
    await settle();
    expect(list).toHaveBeenCalledTimes(2);
    expect(engineers.value.map((e) => e.display)).toEqual(['杨金伟', '辛仁']);
  });
});

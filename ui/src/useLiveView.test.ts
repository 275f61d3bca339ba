import { describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';

// store.ts is the app's shell state and reads the hash route on import.
vi.stubGlobal('location', { hash: '' });
vi.stubGlobal('window', { addEventListener: () => {} });
const { docsVersion } = await import('./store');
const { useLiveView } = await import('./useLiveView');
const { useLiveList } = await import('./useLiveList');

/** Lets the pending promise callbacks run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await nextTick();
};

/** A promise and the function that settles it: a command or a read the test finishes when it chooses. */
function later<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

interface Order { status: string }

describe('a detail screen\'s view', () => {
  // Regression (real-window tests under load, CI of a7a3400): the record was
  // signed, but a re-read that began before the signature ended after it and
  // showed the order unsigned again; the same for a part marked used.
  it('keeps the view an edit returned when a read that began before the edit ends after it', async () => {
    const reads: ReturnType<typeof later<Order>>[] = [];
    const { view, edit } = useLiveView<Order>(() => {
      const r = later<Order>();
      reads.push(r);
      return r.promise;
    });
    reads[0].resolve({ status: 'resolved' });
    await settle();
    expect(view.value?.status).toBe('resolved');

    docsVersion.value++; // changes arrive: a second read starts …
    await settle();
    expect(reads).toHaveLength(2);
    const signing = later<Order>();
    const done = edit(() => signing.promise); // … and the customer signs meanwhile
    signing.resolve({ status: 'signed' });
    expect((await done)?.status).toBe('signed');
    expect(view.value?.status).toBe('signed');

    reads[1].resolve({ status: 'resolved' }); // the read from before the signature ends last
    await settle();
    expect(view.value?.status).toBe('signed');
  });

  it('reads again once an edit has returned when changes arrived while it ran', async () => {
    let stored = 'on_site';
    const read = vi.fn(async () => ({ status: stored }));
    const { view, edit } = useLiveView<Order>(read);
    await settle();
    expect(read).toHaveBeenCalledTimes(1);

    const resolving = later<Order>();
    const done = edit(() => resolving.promise);
    docsVersion.value++; // the office's change arrives while the command runs
    await settle();
    expect(read).toHaveBeenCalledTimes(1); // not read under the running command

    stored = 'resolved_with_office_note';
    resolving.resolve({ status: 'resolved' });
    await done;
    await settle();
    expect(read).toHaveBeenCalledTimes(2);
    expect(view.value?.status).toBe('resolved_with_office_note');
  });

  it('shows the later of two overlapping reads, whichever ends first', async () => {
    const reads: ReturnType<typeof later<Order>>[] = [];
    const { view } = useLiveView<Order>(() => {
      const r = later<Order>();
      reads.push(r);
      return r.promise;
    });
    docsVersion.value++;
    await settle();
    expect(reads).toHaveLength(2);
    reads[1].resolve({ status: 'arrived' });
    await settle();
    reads[0].resolve({ status: 'departed' });
    await settle();
    expect(view.value?.status).toBe('arrived');
  });

  it('keeps the view shown when an edit fails', async () => {
    const { view, edit } = useLiveView<Order>(async () => ({ status: 'on_site' }));
    await settle();
    const failed = await edit(async () => {
      throw new Error('store busy');
    });
    expect(failed).toBeUndefined();
    expect(view.value?.status).toBe('on_site');
  });
});

describe('a list screen\'s rows', () => {
  it('shows the later of two overlapping reads, whichever ends first', async () => {
    const reads: ReturnType<typeof later<string[]>>[] = [];
    const rows = useLiveList<string>(() => {
      const r = later<string[]>();
      reads.push(r);
      return r.promise;
    });
    docsVersion.value++; // changes arrive while the first read runs
    await settle();
    reads[1].resolve(['WO-1', 'WO-2']);
    await settle();
    reads[0].resolve(['WO-1']);
    await settle();
    expect(rows.value).toEqual(['WO-1', 'WO-2']);
  });
});

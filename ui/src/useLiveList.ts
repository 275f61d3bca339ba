/**
 * A list screen's rows, kept current: fetched when the screen opens, again
 * whenever the local documents change (docsVersion) and whenever one of the
 * `watched` sources (the screen's filter) changes. The first answer is
 * reported to the start-up timer (reportFirstList). Of two reads that
 * overlap, the later one's rows are shown, whichever ends first (a filter
 * changed twice quickly shows the second filter's rows).
 */
import { ref, watch, type Ref, type WatchSource } from 'vue';
import { attempt, docsVersion, reportFirstList } from './store';

export function useLiveList<T>(fetch: () => Promise<T[]>, watched: WatchSource[] = []): Ref<T[] | null> {
  /** null until the first answer; an error keeps the rows shown (and toasts). */
  const rows = ref<T[] | null>(null) as Ref<T[] | null>;
  let turn = 0;
  async function load() {
    const mine = ++turn;
    const r = await attempt(fetch);
    if (r && mine === turn) {
      rows.value = r;
      reportFirstList(r.length);
    }
  }
  watch([docsVersion, ...watched], load, { immediate: true });
  return rows;
}

/** A choice the screen remembers for this session (under `key`), e.g. its filter when the user comes back from a row. */
export function useRemembered<T extends string>(key: string, initial: T): Ref<T> {
  const chosen = ref((sessionStorage.getItem(key) ?? initial) as T) as Ref<T>;
  watch(chosen, (v) => sessionStorage.setItem(key, v));
  return chosen;
}

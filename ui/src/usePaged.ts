/** Any paged list from the Rust side (`{items, total}`), a page at a time (see paging.ts). */
import { computed, ref, type Ref } from 'vue';
import { hasMore, nextLimit, PAGE } from './paging';
import { attempt } from './store';

export interface Page<T> { items: T[]; total: number }

export interface Paged<T> {
  items: Ref<T[] | null>;
  total: Ref<number>;
  more: Ref<boolean>;
  /** (Re)loads the rows shown so far (toasts an error). */
  load: () => Promise<void>;
  /** Shows one page more. */
  showMore: () => Promise<void>;
  /** Back to the first page (for a new search), without loading. */
  restart: () => void;
}

/** A list read a page at a time from `fetch(limit, offset)`, like the work-order lists. */
export function usePaged<T>(fetch: (limit: number, offset: number) => Promise<Page<T>>): Paged<T> {
  const items = ref<T[] | null>(null) as Ref<T[] | null>;
  const total = ref(0);
  const limit = ref(PAGE);
  async function load() {
    const page = await attempt(() => fetch(limit.value, 0));
    if (!page) return;
    items.value = page.items;
    total.value = page.total;
  }
  async function showMore() {
    limit.value = nextLimit(items.value?.length ?? 0, total.value);
    await load();
  }
  const more = computed(() => hasMore(items.value?.length ?? 0, total.value));
  const restart = () => { limit.value = PAGE; };
  return { items, total, more, load, showMore, restart };
}

/** A work-order list on screen, a page at a time (see paging.ts). */
import { computed, ref, type Ref } from 'vue';
import { api, attempt } from './store';
import { hasMore, nextLimit, PAGE } from './paging';
import type { WoFilter, WoListItem } from './types';

export interface PagedList {
  /** The rows on screen; null before the first load. */
  items: Ref<WoListItem[] | null>;
  /** Every row matching the filter. */
  total: Ref<number>;
  more: Ref<boolean>;
  /** (Re)loads the rows shown so far; resolves to them, or null on an error (shown as a toast). */
  load: () => Promise<WoListItem[] | null>;
  /** Shows one page more. */
  showMore: () => Promise<void>;
}

/** A paged list of the work orders `filter()` selects. */
export function usePagedList(filter: () => WoFilter): PagedList {
  const items = ref<WoListItem[] | null>(null);
  const total = ref(0);
  const limit = ref(PAGE);
  async function load() {
    const page = await attempt(() => api.listWorkOrders({ ...filter(), limit: limit.value, offset: 0 }));
    if (!page) return null;
    items.value = page.items;
    total.value = page.total;
    return page.items;
  }
  async function showMore() {
    limit.value = nextLimit(items.value?.length ?? 0, total.value);
    await load();
  }
  const more = computed(() => hasMore(items.value?.length ?? 0, total.value));
  return { items, total, more, load, showMore };
}

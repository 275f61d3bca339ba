/** Load one work order's view, re-read it when documents change, and run commands that return a new view. */
import { ref, watch, type Ref } from 'vue';
import { api, attempt, docsVersion, toast } from './store';
import type { WorkOrderView } from './types';
import { useBusy } from './useBusy';

export function useWorkOrder(id: Ref<string>) {
  const view = ref<WorkOrderView | null>(null);
  const loading = ref(true);
  const { busy, whileBusy } = useBusy();

  async function load() {
    const v = await attempt(() => api.getWorkOrder(id.value));
    if (v) view.value = v;
    loading.value = false;
  }

  /** Run a command returning the new view; toasts `okText` on success. */
  function run(f: () => Promise<WorkOrderView>, okText?: string): Promise<boolean> {
    return whileBusy(async () => {
      const v = await attempt(f);
      if (!v) return false;
      view.value = v;
      if (okText) toast(okText);
      return true;
    });
  }

  watch([id, docsVersion], load, { immediate: true });
  return { view, loading, busy, load, run };
}

/** One work order's view on a screen (useLiveView), and its edit commands, which return the new view. */
import type { Ref } from 'vue';
import { api } from './store';
import type { WorkOrderView } from './types';
import { useLiveView } from './useLiveView';

export function useWorkOrder(id: Ref<string>) {
  const { view, loading, busy, load, edit } = useLiveView<WorkOrderView>(() => api.getWorkOrder(id.value), [id]);

  /** Run a command returning the new view; toasts `okText` on success. */
  async function run(f: () => Promise<WorkOrderView>, okText?: string): Promise<boolean> {
    return (await edit(f, okText)) !== undefined;
  }

  return { view, loading, busy, load, run };
}

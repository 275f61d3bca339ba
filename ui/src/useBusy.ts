/** A busy flag for a screen's async work (buttons disabled while it runs). */
import { ref } from 'vue';

export function useBusy() {
  const busy = ref(false);
  /** Runs `f` with `busy` set, cleared again however `f` ends. */
  async function whileBusy<T>(f: () => Promise<T>): Promise<T> {
    busy.value = true;
    try {
      return await f();
    } finally {
      busy.value = false;
    }
  }
  return { busy, whileBusy };
}

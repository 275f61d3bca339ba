/**
 * One document's view on a detail screen, kept current two ways: read again
 * when changes arrive by sync (docsVersion) or a watched source moves (the
 * route's id), and replaced by the view an edit command returns.
 *
 * The two never race. A read runs against the store as it was when it
 * started; were it to finish after an edit's command returned, it would put
 * the view from before the edit back on the screen, and the user's tap would
 * seem undone until the next sync (a signed record shown unsigned, a part
 * marked used still blocking the signature — seen under load in the
 * real-window tests). So: a read that an edit (or a later read) overtook is
 * dropped, and a read asked for while a command runs waits until it returns.
 */
import { ref, watch, type Ref, type WatchSource } from 'vue';
import { attempt, docsVersion, toast } from './store';
import { useBusy } from './useBusy';

export function useLiveView<T>(read: () => Promise<T>, watched: WatchSource[] = []) {
  const view = ref<T | null>(null) as Ref<T | null>;
  /** True until the first read ends (however it ends). */
  const loading = ref(true);
  const { busy, whileBusy } = useBusy();
  /** Moves at every read and every command: a read applies only if nothing moved it since it began. */
  let turn = 0;
  let commands = 0;
  let readAfterCommands = false;

  async function load() {
    if (commands > 0) {
      readAfterCommands = true;
      return;
    }
    const mine = ++turn;
    const v = await attempt(read);
    if (v !== undefined && mine === turn) view.value = v;
    loading.value = false;
  }

  /**
   * Runs an edit command that answers with the new view, shows that view,
   * toasts `done` if given and returns the view (undefined when the command
   * failed; the failure is toasted).
   */
  function edit<V extends T>(command: () => Promise<V>, done?: string): Promise<V | undefined> {
    return whileBusy(async () => {
      turn++;
      commands++;
      try {
        const v = await attempt(command);
        if (v !== undefined) {
          view.value = v;
          if (done) toast(done);
        }
        return v;
      } finally {
        commands--;
        if (commands === 0 && readAfterCommands) {
          readAfterCommands = false;
          void load();
        }
      }
    });
  }

  watch([docsVersion, ...watched], load, { immediate: true });
  return { view, loading, busy, whileBusy, load, edit };
}

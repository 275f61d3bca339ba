/**
 * The engineer list (office): the active engineers of the server's staff
 * directory, which every sync refreshes. Read once, then again whenever a
 * sync brought changes (`docsVersion`), so an engineer added or disabled on
 * the server shows in the assign lists without a restart.
 */
import { ref, watch } from 'vue';
import { api, attempt, docsVersion } from './store';
import type { Engineer } from './types';

export const engineers = ref<Engineer[]>([]);
let loaded: Promise<void> | null = null;

export function loadEngineers(): Promise<void> {
  if (!loaded) {
    loaded = attempt(() => api.listEngineers()).then((l) => {
      if (l) engineers.value = l;
      else loaded = null;
    });
  }
  return loaded;
}

/** Changes arrived: re-read the list if a screen had it read. */
watch(docsVersion, () => {
  if (!loaded) return;
  loaded = null;
  void loadEngineers();
});

export function engineerName(name: string | null | undefined): string {
  if (!name) return '';
  return engineers.value.find((e) => e.name === name)?.display ?? name;
}

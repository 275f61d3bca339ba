/** The engineer list (office), read once per session. */
import { ref } from 'vue';
import { api, attempt } from './store';
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

export function engineerName(name: string | null | undefined): string {
  if (!name) return '';
  return engineers.value.find((e) => e.name === name)?.display ?? name;
}

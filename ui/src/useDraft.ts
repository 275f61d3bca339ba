/**
 * A form's local draft, kept as the user types: ~300 ms after the last
 * change the form's fields are written to the device's store
 * (`save_draft`, a SQLite row per user and form key), so a tab switch, an
 * app restart or a crash loses nothing. When the form opens, its draft is
 * put back (`restoredAt` says when it was written); a successful save calls
 * `saved()`, which deletes it; `discard()` puts the form back as it was
 * loaded and deletes it. Leaving a form with unsaved changes says so with a
 * toast (they are kept as a draft; docs/decisions.md, issue 10).
 *
 * `form` is a reactive object of JSON values (refs and reactive objects in
 * it are written through, so a screen can gather its state in one object). The caller fills it from the
 * saved record and then calls `clean()`: a form equal to that state has no
 * draft.
 */
import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { api } from './api';
import { i18n } from './i18n';
import { toast } from './store';

/** How long typing must pause before the draft is written. */
export const DRAFT_DEBOUNCE_MS = 300;

export function useDraft<T extends Record<string, unknown>>(key: string, form: T) {
  const snapshot = () => JSON.stringify(form);
  /** The saved state the form was filled from; equal to it means no draft. */
  let baseline = snapshot();
  /** What the store holds now (null: no draft). */
  let persisted: string | null = null;
  let loaded = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const dirty = ref(false);
  const restoredAt = ref<string | null>(null);

  async function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    const s = snapshot();
    const want = s === baseline ? null : s;
    if (want === persisted) return;
    persisted = want;
    try {
      if (want === null) await api.discardDraft(key);
      else await api.saveDraft(key, want);
    } catch {
      persisted = null; // try again on the next change
    }
  }

  watch(snapshot, (s) => {
    if (!loaded) return;
    dirty.value = s !== baseline;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void flush(), DRAFT_DEBOUNCE_MS);
  });

  onMounted(async () => {
    try {
      const d = await api.loadDraft(key);
      if (d) {
        persisted = d.value;
        assignDeep(form, JSON.parse(d.value));
        restoredAt.value = d.updated_at;
        dirty.value = snapshot() !== baseline;
      }
    } catch {
      /* no draft to restore */
    }
    loaded = true;
  });

  const onPageHide = () => void flush();
  window.addEventListener('pagehide', onPageHide);
  onBeforeUnmount(() => {
    window.removeEventListener('pagehide', onPageHide);
    if (timer) void flush();
    if (dirty.value) toast(i18n.global.t('drafts.kept'));
  });

  return {
    /** The form differs from what it was loaded with (a draft is kept). */
    dirty,
    /** When the restored draft was written (ISO), or null. */
    restoredAt,
    /** The form now holds the saved record: that state has no draft. Returns whether it was dirty before. */
    clean() {
      baseline = snapshot();
      dirty.value = false;
    },
    /** After a successful save: forget and delete the draft. */
    async saved() {
      baseline = snapshot();
      dirty.value = false;
      restoredAt.value = null;
      await flush();
    },
    /** Put the form back as it was loaded and delete the draft. */
    async discard() {
      assignDeep(form, JSON.parse(baseline));
      dirty.value = false;
      restoredAt.value = null;
      await flush();
    },
  };
}

const isPlain = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** Writes `src` into `target`, into nested objects rather than replacing them (they may be a screen's own reactive objects). */
function assignDeep(target: Record<string, unknown>, src: unknown) {
  if (!isPlain(src)) return;
  for (const [k, v] of Object.entries(src)) {
    if (!(k in target)) continue;
    const cur = target[k];
    if (isPlain(cur) && isPlain(v)) assignDeep(cur, v);
    else target[k] = v;
  }
}

export type DraftHandle = ReturnType<typeof useDraft>;

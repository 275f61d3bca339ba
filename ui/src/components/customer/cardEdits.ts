/**
 * A customer card's editing (equipment, sites, contacts): which item's form
 * is open (its key, 'new', or null for none), saving it (the form closes
 * once saved) and removing an item once the user agrees.
 */
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { CustomerEdit } from '../../types';
import type { SaveEdit } from './types';

export function useCardEdits(save: SaveEdit) {
  const { t } = useI18n();
  const editing = ref<string | null>(null);
  /** Saves the open item: `edit(key)`, the key null for a new item. */
  async function saveOpen(edit: (key: string | null) => CustomerEdit) {
    if (await save(edit(editing.value === 'new' ? null : editing.value))) editing.value = null;
  }
  /** Asks whether to remove the item `what` names; if so, saves `edit`. */
  async function removeAsked(what: string, edit: CustomerEdit) {
    if (!window.confirm(t('customers.confirmRemove', { what }))) return;
    await save(edit, 'removed');
  }
  return { editing, saveOpen, removeAsked };
}

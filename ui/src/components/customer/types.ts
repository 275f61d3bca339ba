/** What a card of the customer screen is given: the view, and how to save one edit of it. */
import type { CustomerEdit } from '../../types';

/** Saves one edit (the screen calls `edit_customer` and shows the fresh view); true when it was saved. */
export type SaveEdit = (edit: CustomerEdit, done?: 'saved' | 'removed') => Promise<boolean>;

/**
 * Photos 照片 on a work order (components/photos/): the kinds in the order the
 * form offers them, who may add or remove them, and the bytes as object URLs
 * for <img>, read through `api.photo` (the device's store, else the server).
 * Thumbnails are kept for the app's life (a few dozen KB each); a full photo
 * is read when opened and its URL let go when the viewer closes.
 */
import { api } from './api';
import type { PhotoKind, Session, WorkOrder } from './types';

export const PHOTO_KINDS: PhotoKind[] = ['fault', 'nameplate', 'repair', 'other'];
/** Core's limit per order (the add command refuses the 51st as `invalid`). */
export const MAX_PHOTOS = 50;

/** Before the customer signs: the office on any order, an engineer on their own. */
export function mayChangePhotos(wo: Pick<WorkOrder, 'signoff' | 'assignee'>, session: Pick<Session, 'role' | 'user'> | null): boolean {
  if (wo.signoff || !session) return false;
  return session.role === 'office' || (session.role === 'engineer' && wo.assignee === session.user);
}

/** Kilobytes for the photo's size line, at least 1. */
export function kilobytes(bytes: number): number {
  return Math.max(1, Math.round(bytes / 1024));
}

/** An object URL for JPEG bytes. */
export function jpegUrl(bytes: ArrayBuffer): string {
  return URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' }));
}

const thumbs = new Map<string, Promise<string | null>>();

/**
 * A thumbnail's object URL, read once; `null` when neither the device nor the
 * server has it now (not cached: asked again on the next call, e.g. after a sync).
 */
export function thumbUrl(hash: string, read: (hash: string) => Promise<ArrayBuffer | null> = api.photo): Promise<string | null> {
  let p = thumbs.get(hash);
  if (!p) {
    p = read(hash).then((b) => (b ? jpegUrl(b) : null), () => null);
    thumbs.set(hash, p);
    void p.then((u) => { if (!u) thumbs.delete(hash); });
  }
  return p;
}

/** A full photo's object URL (the caller revokes it), or `null` when not reachable. */
export async function fullUrl(hash: string, read: (hash: string) => Promise<ArrayBuffer | null> = api.photo): Promise<string | null> {
  const b = await read(hash);
  return b ? jpegUrl(b) : null;
}

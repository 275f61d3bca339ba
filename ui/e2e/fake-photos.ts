/**
 * The fake backend's photos 照片 (issue 18; core's `photos` room and
 * `service::photos`), merged into the commands of fake-backend.ts:
 * `add_photo`, `remove_photo`, `photo`.
 *
 * Bytes are kept in memory by their SHA-256 (Web Crypto), as the device's
 * blob store keeps them: the same bytes once. Scaling is the browser's
 * (createImageBitmap and an OffscreenCanvas to JPEG: long side ≤ 2048, the
 * thumbnail ≤ 320), so the screen shows real thumbnails. Rules as core's:
 * the office on any order, an engineer on their own (`forbidden`), refused
 * once signed (`signed_read_only`), at most 50, JPEG or PNG only (`invalid`,
 * also over 40 MB). A blob counts as waiting to upload until the next
 * `sync_now` ("online"): `waiting()` feeds `SyncStatus.photos_waiting` (the
 * photos, not their thumbnails).
 *
 * Not importing src/api.ts (it would pull in the real IPC into the fake).
 */
import { bytesOfBase64, type FakeUser } from './fake-shared';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface PhotosCtx extends FakeUser {
  /** The order, after the main fake's access check. */
  find: (id: string) => Json;
  /** `signed_read_only` once the customer signed. */
  editable: (w: Json) => void;
  view: (w: Json) => Json;
  changed: () => void;
  orders: Json[];
}

const KINDS = ['fault', 'nameplate', 'repair', 'other'];
const MAX_PHOTOS = 50;
const MAX_INPUT = 40 * 1024 * 1024;

async function sha256(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isPng = (b: Uint8Array) => [0x89, 0x50, 0x4e, 0x47].every((x, i) => b[i] === x);

/** The image scaled so its long side is at most `max`, as JPEG. */
async function jpeg(img: ImageBitmap, max: number): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  const k = Math.min(1, max / Math.max(img.width, img.height));
  const width = Math.max(1, Math.round(img.width * k));
  const height = Math.max(1, Math.round(img.height * k));
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.drawImage(img, 0, 0, width, height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  return { bytes: new Uint8Array(await blob.arrayBuffer()), width, height };
}

export function photosFake(c: PhotosCtx) {
  const blobs = new Map<string, Uint8Array>();
  /** Photos (by hash) not yet on the "server". */
  const waiting = new Set<string>();

  function mayChange(w: Json) {
    if (c.role() === 'engineer' && w.assignee !== c.user()) c.fail('forbidden', 'not your work order');
    if (c.role() !== 'engineer' && c.role() !== 'office') c.fail('forbidden', `a ${c.role()} may not change a work order's photos`);
    c.editable(w);
  }

  const commands: Record<string, (a: Json) => unknown> = {
    add_photo: async ({ id, data, kind, caption }) => {
      const w = c.find(id);
      mayChange(w);
      if (!KINDS.includes(kind)) c.fail('invalid', `kind: unknown photo kind "${kind}"`);
      if ((w.photos ?? []).length >= MAX_PHOTOS) c.fail('invalid', `photos: a work order holds at most ${MAX_PHOTOS} photos`);
      const input = bytesOfBase64(data, c.fail);
      if (input.length > MAX_INPUT) c.fail('invalid', `photo: the file is ${Math.round(input.length / 1048576)} MB; at most 40 MB are accepted`);
      if (!isJpeg(input) && !isPng(input)) c.fail('invalid', 'photo: the file is not a JPEG or PNG image');
      let img: ImageBitmap;
      try {
        img = await createImageBitmap(new Blob([input]));
      } catch (e) {
        return c.fail('invalid', `photo: the image cannot be read (${String(e)})`);
      }
      const scaled = await jpeg(img, 2048);
      const small = await jpeg(img, 320);
      const hash = await sha256(scaled.bytes);
      const thumb = await sha256(small.bytes);
      blobs.set(hash, scaled.bytes);
      blobs.set(thumb, small.bytes);
      waiting.add(hash);
      (w.photos ??= []).push({ hash, thumb, kind, caption: String(caption ?? '').trim(), width: scaled.width, height: scaled.height,
        bytes: scaled.bytes.length, taken_at: new Date().toISOString(), by: c.user() });
      c.changed();
      return c.view(w);
    },
    remove_photo: ({ id, hash }) => {
      const w = c.find(id);
      mayChange(w);
      const i = (w.photos ?? []).findIndex((p: Json) => p.hash === hash);
      if (i < 0) c.fail('not_found', `work order ${w.number} has no photo ${hash}`);
      w.photos.splice(i, 1);
      waiting.delete(hash); // nothing refers to it any more: not uploaded (core: blobs_to_upload lists referenced blobs only)
      c.changed();
      return c.view(w);
    },
    photo: ({ hash }) => {
      // Access: an order the user may read refers to it (as the server's GET).
      const mine = c.orders.some((w) => (c.role() !== 'engineer' || w.assignee === c.user())
        && (w.photos ?? []).some((p: Json) => p.hash === hash || p.thumb === hash));
      const b = mine ? blobs.get(hash) : undefined;
      return b ? b.slice().buffer : null;
    },
  };
  return {
    commands,
    waiting: () => waiting.size,
    /** A sync round: every photo reaches the server. */
    uploaded: () => waiting.clear(),
  };
}

import { describe, expect, it, vi } from 'vitest';
import { photoBytes } from './api';
import { MAX_PHOTOS, PHOTO_KINDS, kilobytes, mayChangePhotos, thumbUrl } from './photos';

describe('photos', () => {
  it('lets the office and the order\'s own engineer change photos until the customer signs', () => {
    const open = { signoff: null, assignee: 'zhang' };
    expect(mayChangePhotos(open, { role: 'engineer', user: 'zhang' })).toBe(true);
    expect(mayChangePhotos(open, { role: 'engineer', user: 'wang' })).toBe(false);
    expect(mayChangePhotos(open, { role: 'office', user: 'office-wu' })).toBe(true);
    expect(mayChangePhotos(open, { role: 'storekeeper', user: 'store-liu' })).toBe(false);
    const signed = { ...open, signoff: {} as never };
    expect(mayChangePhotos(signed, { role: 'engineer', user: 'zhang' })).toBe(false);
    expect(mayChangePhotos(signed, { role: 'office', user: 'office-wu' })).toBe(false);
    expect(mayChangePhotos(open, null)).toBe(false);
  });

  it('offers the four kinds of the contract and core\'s limit', () => {
    expect(PHOTO_KINDS).toEqual(['fault', 'nameplate', 'repair', 'other']);
    expect(MAX_PHOTOS).toBe(50);
    expect(kilobytes(100)).toBe(1);
    expect(kilobytes(300 * 1024)).toBe(300);
  });

  it('reads the photo command\'s answer as bytes, whatever the shell hands over', () => {
    const raw = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    expect(new Uint8Array(photoBytes(raw.buffer)!)).toEqual(raw);
    expect(new Uint8Array(photoBytes(raw.subarray(1))!)).toEqual(raw.subarray(1));
    expect(new Uint8Array(photoBytes([255, 216])!)).toEqual(new Uint8Array([255, 216]));
    expect(photoBytes(null)).toBeNull();
    expect(photoBytes(undefined)).toBeNull();
  });

  it('asks again for a thumbnail that was not there (offline), once it was found keeps it', async () => {
    const read = vi.fn<(h: string) => Promise<ArrayBuffer | null>>().mockResolvedValueOnce(null).mockResolvedValue(new Uint8Array([1]).buffer);
    URL.createObjectURL = vi.fn(() => 'blob:x');
    expect(await thumbUrl('h1', read)).toBeNull();
    await Promise.resolve();
    expect(await thumbUrl('h1', read)).toBe('blob:x');
    expect(await thumbUrl('h1', read)).toBe('blob:x');
    expect(read).toHaveBeenCalledTimes(2);
  });
});

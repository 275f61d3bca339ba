import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// store.ts is the app's shell state and reads the hash route on import.
vi.stubGlobal('location', { hash: '' });
vi.stubGlobal('window', { addEventListener: () => {} });
const { TOAST_MAX, TOAST_MS, dismissToast, toast, toasts } = await import('./store');

describe('toasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    for (const x of [...toasts]) dismissToast(x.id);
    vi.useRealTimers();
  });

  it('shows at most three at once, the oldest dropped', () => {
    toast('一');
    toast('二');
    toast('三');
    expect(toasts.map((x) => x.text)).toEqual(['一', '二', '三']);
    toast('四', 'error');
    toast('五');
    expect(TOAST_MAX).toBe(3);
    expect(toasts.map((x) => x.text)).toEqual(['三', '四', '五']);
    // The dropped ones' timers are gone too: nothing else disappears early.
    vi.advanceTimersByTime(TOAST_MS.info);
    expect(toasts.map((x) => x.text)).toEqual(['四']);
  });

  it('dismisses confirmations after ~3 s and keeps errors for 8 s', () => {
    toast('已保存');
    toast('出错了', 'error');
    vi.advanceTimersByTime(TOAST_MS.info);
    expect(toasts.map((x) => x.text)).toEqual(['出错了']);
    vi.advanceTimersByTime(TOAST_MS.error - TOAST_MS.info - 1);
    expect(toasts.map((x) => x.text)).toEqual(['出错了']);
    vi.advanceTimersByTime(1);
    expect(toasts).toEqual([]);
  });

  it('a toast closed by hand stays closed', () => {
    toast('已保存');
    dismissToast(toasts[0].id);
    expect(toasts).toEqual([]);
    vi.advanceTimersByTime(TOAST_MS.error);
    expect(toasts).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from './i18n';
import { syncBadgeText, syncBadgeTitle } from './syncWords';
import type { SyncStatus } from './types';

const t = i18n.global.t as unknown as (k: string, n?: Record<string, unknown>, p?: number) => string;
const setLocale = (l: 'zh-CN' | 'en') => { i18n.global.locale.value = l; };
const time = (iso: string) => iso.slice(11, 16);

const failed = (code: SyncStatus['error_code'], error: string): SyncStatus => ({
  state: 'error', pending: 2, last_success: null, error, error_code: code, changes_received: 0, next_retry: '2026-11-25T08:05:00Z', photos_waiting: 0,
});
const disabled = failed('user_disabled',
  'the sync server refuses this user (the user tangrong is disabled; ask the office to enable them); the changes stay on this device and are sent once the user is enabled again');

describe('the sync badge', () => {
  afterEach(() => setLocale('zh-CN'));

  it('tells a disabled user so, in both languages, instead of "sync failed"', () => {
    setLocale('zh-CN');
    expect(syncBadgeText(disabled, true, '5 秒后自动重试', t, time)).toBe('此用户已被停用，同步暂停 · 2 项待同步');
    expect(syncBadgeTitle(disabled, t)).toBe('服务器已停用此用户：本机数据都保留着，请联系办公室重新启用后会自动继续同步');
    setLocale('en');
    expect(syncBadgeText(disabled, true, 'retrying in 5 s', t, time)).toBe('This user is disabled; sync paused · 2 changes waiting');
    expect(syncBadgeTitle(disabled, t)).toMatch(/^The server has disabled this user/);
  });

  it('counts the photos waiting to upload beside the changes, in both languages', () => {
    const offline: SyncStatus = { state: 'offline', pending: 1, last_success: null, error: 'no route', error_code: 'offline', changes_received: 0, next_retry: null, photos_waiting: 3 };
    const idle: SyncStatus = { ...offline, state: 'idle', pending: 0, error: null, error_code: null, photos_waiting: 1 };
    setLocale('zh-CN');
    expect(syncBadgeText(offline, true, '', t, time)).toBe('离线 · 1 项待同步 · 3 张照片待上传');
    expect(syncBadgeText(idle, true, '', t, time)).toBe('1 张照片待上传');
    expect(syncBadgeText({ ...idle, photos_waiting: 0 }, true, '', t, time)).toBe('尚未同步');
    setLocale('en');
    expect(syncBadgeText(offline, true, '', t, time)).toBe('Offline · 1 change waiting · 3 photos waiting to upload');
    expect(syncBadgeText(idle, true, '', t, time)).toBe('1 photo waiting to upload');
  });

  it('shows how far a long first sync has come, in both languages', () => {
    const syncing: SyncStatus = {
      state: 'syncing', pending: 0, last_success: null, error: null, error_code: null, changes_received: 4, next_retry: null, photos_waiting: 0,
      progress: { received: 120, total: 300 },
    };
    setLocale('zh-CN');
    expect(syncBadgeText(syncing, true, '', t, time)).toBe('正在同步 120 / 300');
    expect(syncBadgeText({ ...syncing, progress: { received: 120, total: null } }, true, '', t, time)).toBe('正在同步 · 已收到 120 项');
    expect(syncBadgeText({ ...syncing, progress: undefined }, true, '', t, time)).toBe('同步中');
    setLocale('en');
    expect(syncBadgeText(syncing, true, '', t, time)).toBe('Syncing 120 of 300');
    expect(syncBadgeText({ ...syncing, photos_waiting: 2 }, true, '', t, time)).toBe('Syncing 120 of 300 · 2 photos waiting to upload');
    expect(syncBadgeText({ ...syncing, progress: { received: 120, total: null } }, true, '', t, time)).toBe('Syncing · 120 received');
  });

  it('says "sync failed" with the retry for any other failure, the reason in the tooltip', () => {
    setLocale('zh-CN');
    const other = failed('sync_failed', 'the sync server refused the sync (HTTP 500, internal): boom');
    expect(syncBadgeText(other, true, '5 秒后自动重试', t, time)).toBe('同步失败 · 2 项待同步 · 5 秒后自动重试');
    expect(syncBadgeTitle(other, t)).toBe(other.error);
    expect(syncBadgeText(other, false, '', t, time)).toBe('未注册到服务器');
  });

  it('words a document refused as foreign_actor, keeping the technical reason below', () => {
    setLocale('zh-CN');
    const refused = failed('sync_failed', 'wo:101 refused (foreign_actor): change 5a17c0de is written under zhang\'s device #3 (this device is #7)');
    expect(syncBadgeTitle(refused, t)).toBe(`服务器拒收了一份文档：其中有以另一台设备名义写入的修改，此文档的任何内容都未保存。请联系办公室。\n${refused.error}`);
    setLocale('en');
    expect(syncBadgeTitle(refused, t)).toMatch(/^The server refused a document/);
  });
});

/**
 * The sync badge's words for a status (`SyncBadge.vue`): what the loop is
 * doing, how much waits (changes, and photos to upload), when it retries; a disabled user is told so
 * instead of "sync failed" (retrying cannot help until the office enables
 * them). The technical reason is the tooltip's, never the words'.
 */
import type { SyncStatus } from './types';

type T = (key: string, named?: Record<string, unknown>, plural?: number) => string;

/** The badge's text. `retry` is "retrying in 4 s" (or ''), `time` formats an instant. */
export function syncBadgeText(s: SyncStatus, enrolled: boolean, retry: string, t: T, time: (iso: string) => string): string {
  if (!enrolled) return t('sync.notEnrolled');
  const photos = photosWaiting(s) > 0 ? t('photo.waiting', { n: photosWaiting(s) }, photosWaiting(s)) : '';
  const pending = (s.pending > 0 ? ` · ${t('sync.pending', { n: s.pending }, s.pending)}` : '') + (photos ? ` · ${photos}` : '');
  const retrying = retry ? ` · ${retry}` : '';
  switch (s.state) {
    case 'offline': return `${t('sync.offline')}${pending}${retrying}`;
    case 'syncing': {
      const words = syncingWords(s, t);
      return photos ? `${words} · ${photos}` : words;
    }
    case 'error':
      if (s.error_code === 'user_disabled') return `${t('sync.userDisabled')}${pending}`;
      return `${t('sync.error')}${pending}${retrying}`;
    case 'idle':
      if (s.pending > 0) return pending.slice(3);
      if (photos) return photos;
      return s.last_success ? t('sync.last', { time: time(s.last_success) }) : t('sync.never');
  }
  return '';
}

/**
 * "Syncing", or during a long sync (a new device's first one) how far it
 * has come: "Syncing 120 of 300" (absent from a status of an older shell).
 */
function syncingWords(s: SyncStatus, t: T): string {
  const p = s.progress;
  if (!p) return t('sync.syncing');
  if (p.total != null) return t('sync.progress', { n: p.received, total: Math.max(p.total, p.received) });
  return t('sync.progressSoFar', { n: p.received });
}

/** Photos not yet on the server (absent from a status of an older shell: none). */
export function photosWaiting(s: SyncStatus): number {
  return s.photos_waiting ?? 0;
}

/**
 * The badge's tooltip: the user's sentence for a disabled user, or for a
 * document the server refused as `foreign_actor` (a change written in
 * another device's name: nothing of it stored), else the technical reason.
 */
export function syncBadgeTitle(s: SyncStatus, t: T): string {
  if (s.error_code === 'user_disabled') return t('err.user_disabled');
  if (s.error && /\bforeign_actor\b/.test(s.error)) return `${t('hist.foreignActor')}\n${s.error}`;
  return s.error ?? t('sync.now');
}

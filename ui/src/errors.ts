/**
 * Errors in the user's words: every refusal or failure the user sees is a
 * sentence in the UI's language about what to do, chosen by its error code
 * (`err.<code>`, or `errIn.<place>.<code>` where the same code needs other
 * advice in one place, e.g. "offline" while enrolling). Core's English
 * `message` is technical detail: it goes to the console log and into the
 * collapsed "details" fold, never into the sentence.
 */
import { toApiError } from './api';
import { i18n } from './i18n';
import type { ErrorCode } from './types';

/** Where an error happened, for the few codes whose advice depends on it. */
export type ErrorPlace = 'enroll';

/** What the UI shows for an error. */
export interface ErrorSentence {
  code: ErrorCode;
  /** The sentence, in the UI's language. */
  text: string;
  /** The technical detail (core's message), for the details fold; '' when none. */
  detail: string;
}

/** The sentence for `e` (anything a command rejected with) in the current language. */
export function errorSentence(e: unknown, place?: ErrorPlace): ErrorSentence {
  const err = toApiError(e);
  const { t, te } = i18n.global as unknown as { t: (k: string) => string; te: (k: string) => boolean };
  const keys = [place && `errIn.${place}.${err.code}`, `err.${err.code}`].filter((k): k is string => !!k);
  const key = keys.find((k) => te(k));
  const text = key ? t(key) : t('err.internal');
  const detail = err.message ? `${err.code}: ${err.message}` : err.code;
  console.warn(`[onsite] ${detail}`);
  return { code: err.code, text, detail };
}

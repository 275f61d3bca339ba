/**
 * Whether a work order's sign-off is to be shown as changed after signing:
 * the hash no longer matches the content on this device
 * (`changed_after_signing`), or the server found a change the hash alone
 * does not show (`flagged`: by the record's history, or against the hash
 * it recorded at filing).
 */
import type { SignatureCheck } from './types';

export function changedAfterSigning(check: SignatureCheck | null | undefined): boolean {
  return check?.state === 'changed_after_signing' || check?.state === 'flagged';
}

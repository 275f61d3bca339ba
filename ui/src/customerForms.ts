/**
 * The customer screen's forms, pure: what the office types, turned into
 * core's inputs (`EquipmentInput`, `SiteInput`, `ContactInput`), the first
 * field a form still misses, and how a site or a contact is named in one
 * line. The rules themselves (a serial number once per customer, an
 * acceptance date not in the future) are core's; these only save a round
 * trip for what is plainly empty.
 */
import type { Contact, EquipmentInput, EquipmentView, Site } from './types';

/** The equipment form's fields (dates `YYYY-MM-DD`, ids `''` for none). */
export interface EquipmentForm {
  serial: string;
  model: string;
  accepted_on: string;
  original_end_user: boolean;
  contract_id: string;
  site_id: string;
}

/** An empty form for a new instrument (with its original end user). */
export function blankEquipment(siteId = ''): EquipmentForm {
  return { serial: '', model: '', accepted_on: '', original_end_user: true, contract_id: '', site_id: siteId };
}

/** The form filled from a registered instrument. */
export function equipmentForm(e: EquipmentView): EquipmentForm {
  return {
    serial: e.serial, model: e.model, accepted_on: e.accepted_on ?? '', original_end_user: e.original_end_user,
    contract_id: e.contract_id ?? '', site_id: e.site_id ?? '',
  };
}

/** What `edit_customer` takes for the form: trimmed, empty choices as null. */
export function equipmentInput(f: EquipmentForm): EquipmentInput {
  const orNull = (s: string) => (s.trim() ? s.trim() : null);
  return {
    serial: f.serial.trim(), model: f.model.trim(), accepted_on: orNull(f.accepted_on), original_end_user: f.original_end_user,
    contract_id: orNull(f.contract_id), site_id: orNull(f.site_id),
  };
}

/** The first required field the form leaves empty, or null. */
export function missingEquipmentField(f: Pick<EquipmentForm, 'serial' | 'model'>): 'serial' | 'model' | null {
  if (!f.serial.trim()) return 'serial';
  if (!f.model.trim()) return 'model';
  return null;
}

/** Phones typed one per line (a number may hold spaces: 021-5555 0101). */
export function phonesFromText(text: string): string[] {
  return text.split('\n').map((p) => p.trim()).filter(Boolean);
}

/** The phones as the textarea shows them. */
export function phonesToText(phones: string[]): string {
  return phones.join('\n');
}

/** A site in one line: its name and address, or whichever it has. */
export function siteLabel(s: Pick<Site, 'name' | 'address'>): string {
  return [s.name, s.address].map((x) => x.trim()).filter(Boolean).join(' · ');
}

/** A contact in one line: name and first phone. */
export function contactLabel(c: Pick<Contact, 'name' | 'phones'>): string {
  return [c.name, c.phones[0] ?? ''].map((x) => x.trim()).filter(Boolean).join(' · ');
}

/** The ids of sites instruments stand at: core refuses to remove them. */
export function sitesInUse(equipment: Pick<EquipmentView, 'site_id'>[]): Set<string> {
  return new Set(equipment.map((e) => e.site_id).filter((s): s is string => !!s));
}

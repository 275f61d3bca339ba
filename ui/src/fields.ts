/** i18n keys for document field paths (used to name a field in a conflict notice). */
const FIELD_KEYS: Record<string, string> = {
  work_done: 'wo.workDone', 'service.work_done': 'wo.workDone',
  findings: 'wo.findings', 'service.findings': 'wo.findings',
  labour_minutes: 'wo.labourMinutes', 'service.labour_minutes': 'wo.labourMinutes',
  travel_fen: 'wo.travel', 'service.travel_fen': 'wo.travel',
  lodging_fen: 'wo.lodging', 'service.lodging_fen': 'wo.lodging',
  fault: 'wo.fault', assignee: 'wo.assignee', appointment: 'wo.appointment',
  estimate_fen: 'wo.estimate', repair_items: 'wo.repairItems', status: 'wo.timeline',
  'customer.org': 'wo.customer', 'customer.site_address': 'wo.site', 'customer.contact': 'wo.contact', 'customer.phone': 'wo.phone',
  'equipment.model': 'wo.model', 'equipment.serial': 'wo.serial',
};

export function fieldKey(field: string): string | null {
  return FIELD_KEYS[field] ?? null;
}

/** A conflicting value as text. */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

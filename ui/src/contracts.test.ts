import { describe, expect, it } from 'vitest';
import { addMonths, blankContract, contractEdit, contractForm, readContract, shortens } from './contracts';
import type { Contract } from './types';

const k: Contract = { id: 'contract:1', number: 'HT-1', customer_id: 'cust:1', equipment_serials: ['A', 'B'], starts_on: '2026-01-31',
  ends_on: '2027-01-30', labour_fen_per_hour: 8000, parts: 'at_cost', travel_free: true, lodging_free: false, visit_every_months: 3 };

describe('contract forms', () => {
  it('clamps month ends', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
  it('defaults to a year, a visit every 3 months', () => {
    const f = blankContract('2026-03-01', 'cust:1');
    expect([f.starts_on, f.ends_on, f.every, f.parts]).toEqual(['2026-03-01', '2027-02-28', '3', 'at_cost']);
  });
  it('reads the form or names the field that is wrong', () => {
    const f = { ...blankContract('2026-03-01', 'cust:1'), number: ' HT-9 ', labour: '80.5', serials: ['A'] };
    expect(readContract(f)).toMatchObject({ number: 'HT-9', labour_fen_per_hour: 8050, visit_every_months: 3, equipment_serials: ['A'] });
    expect(readContract({ ...f, number: '' })).toEqual({ problem: 'ct.form.required', field: 'ct.form.number' });
    expect(readContract({ ...f, ends_on: '2026-02-01' })).toEqual({ problem: 'ct.form.badDates', field: 'ct.form.endsOn' });
    expect(readContract({ ...f, ends_on: '2026-02-30' })).toEqual({ problem: 'ct.form.badDay', field: 'ct.form.endsOn' });
    expect(readContract({ ...f, every: '25' })).toEqual({ problem: 'ct.form.badInterval', field: 'ct.form.interval' });
    expect(readContract({ ...f, labour: '-1' })).toEqual({ problem: 'ct.form.badMoney', field: 'ct.form.labour' });
  });
  it('sends only the changed fields and knows a shortening', () => {
    const f = contractForm(k);
    expect(contractEdit(k, f)).toEqual({});
    expect(contractEdit(k, { ...f, serials: ['B', 'A'] })).toEqual({});
    const e = contractEdit(k, { ...f, ends_on: '2026-06-30', lodging_free: true });
    expect(e).toEqual({ ends_on: '2026-06-30', lodging_free: true });
    expect(shortens(k, e as object)).toBe(true);
    expect(shortens(k, { ends_on: '2027-06-30' })).toBe(false);
  });
});

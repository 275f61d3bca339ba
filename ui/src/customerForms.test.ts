import { describe, expect, it } from 'vitest';
import {
  blankEquipment, contactLabel, equipmentForm, equipmentInput, missingEquipmentField, phonesFromText, phonesToText, siteLabel, sitesInUse,
} from './customerForms';
import type { EquipmentView } from './types';

const registered: EquipmentView = {
  serial: 'SN-A1-2201', model: 'GC-9800 气相色谱仪', accepted_on: '2023-01-10', original_end_user: true,
  contract_id: null, site_id: 'site-1', tier_today: 'extended1', in_warranty_until: '2024-01-10', contract: null,
};

describe('the equipment form', () => {
  it('sends what was typed, trimmed, with empty choices as null', () => {
    const f = { ...blankEquipment(), serial: ' SN-9 ', model: ' ICP-5100 ', accepted_on: '' };
    expect(equipmentInput(f)).toEqual({
      serial: 'SN-9', model: 'ICP-5100', accepted_on: null, original_end_user: true, contract_id: null, site_id: null,
    });
  });

  it('round-trips a registered instrument', () => {
    const input = equipmentInput(equipmentForm(registered));
    expect(input).toEqual({
      serial: 'SN-A1-2201', model: 'GC-9800 气相色谱仪', accepted_on: '2023-01-10', original_end_user: true, contract_id: null, site_id: 'site-1',
    });
  });

  it('names the first field still empty', () => {
    expect(missingEquipmentField({ serial: ' ', model: 'x' })).toBe('serial');
    expect(missingEquipmentField({ serial: 'SN', model: '' })).toBe('model');
    expect(missingEquipmentField({ serial: 'SN', model: 'GC' })).toBeNull();
  });
});

describe('sites and contacts', () => {
  it('takes one phone per line, keeping the spaces inside a number', () => {
    expect(phonesFromText(' 021-5555 0101 \n\n13800000000\n')).toEqual(['021-5555 0101', '13800000000']);
    expect(phonesFromText(phonesToText(['a', 'b']))).toEqual(['a', 'b']);
  });

  it('names a site and a contact in one line', () => {
    expect(siteLabel({ name: '二号楼', address: '上海市徐汇区' })).toBe('二号楼 · 上海市徐汇区');
    expect(siteLabel({ name: '', address: '上海市徐汇区' })).toBe('上海市徐汇区');
    expect(contactLabel({ name: '刘主任', phones: ['021-5555 0101', 'x'] })).toBe('刘主任 · 021-5555 0101');
    expect(contactLabel({ name: '', phones: ['110'] })).toBe('110');
  });

  it('knows which sites still have equipment', () => {
    expect([...sitesInUse([registered, { site_id: null }])]).toEqual(['site-1']);
  });
});

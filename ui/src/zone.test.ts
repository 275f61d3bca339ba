import { describe, expect, it, vi } from 'vitest';
import { dayIn, isoToWall, wallTime, wallToIso } from './zone';

// The machine's zone differs from the company's: the office's PC set to UTC
// (or to New York) still takes calls in Shanghai time.
for (const machine of ['UTC', 'America/New_York']) {
  describe(`with the machine in ${machine}`, () => {
    it('the machine zone really differs from Shanghai', () => {
      vi.stubEnv('TZ', machine);
      expect(new Date(2026, 2, 5, 9, 30).getTimezoneOffset()).not.toBe(-480);
    });

    it('来电时间 is pre-filled with now as a clock in Shanghai reads it', () => {
      vi.stubEnv('TZ', machine);
      const now = Date.parse('2026-03-05T01:30:00Z'); // 09:30 in Shanghai
      expect(wallTime(now, 'Asia/Shanghai')).toBe('2026-03-05T09:30');
    });

    it('a typed Shanghai time is sent as the right UTC instant', () => {
      vi.stubEnv('TZ', machine);
      expect(wallToIso('2026-03-05T09:30', 'Asia/Shanghai')).toBe('2026-03-05T01:30:00.000Z');
      expect(wallToIso('2026-03-05', 'Asia/Shanghai')).toBe('2026-03-04T16:00:00.000Z');
      expect(isoToWall('2026-03-05T01:30:00Z', 'Asia/Shanghai')).toBe('2026-03-05T09:30');
    });
  });
}

describe('wall times', () => {
  it('round-trip across a daylight-saving change in another company zone', () => {
    expect(wallToIso('2026-03-08T12:00', 'America/New_York')).toBe('2026-03-08T16:00:00.000Z'); // EDT
    expect(wallToIso('2026-03-07T12:00', 'America/New_York')).toBe('2026-03-07T17:00:00.000Z'); // EST
  });

  it('empty or malformed input is null', () => {
    expect(wallToIso('', 'Asia/Shanghai')).toBeNull();
    expect(wallToIso('05/03/2026', 'Asia/Shanghai')).toBeNull();
  });
});

describe('dayIn', () => {
  it('is the day in the zone, not in UTC', () => {
    // 2026-03-31T16:30Z is 00:30 on 1 April in Shanghai.
    expect(dayIn(Date.parse('2026-03-31T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(dayIn(Date.parse('2026-03-31T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-31');
  });
});

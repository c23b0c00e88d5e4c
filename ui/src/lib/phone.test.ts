import { describe, expect, it } from 'vitest';
import { displayPhone, phoneRegion } from './phone';

describe('phone display', () => {
  it('shows North American numbers in their national form', () => {
    expect(displayPhone('+14155550100')).toBe('(415) 555-0100');
    expect(phoneRegion('+14155550100')).toBe('US');
  });
  it('leaves other numbers in international form', () => {
    expect(displayPhone('+442071234567')).toBe('+442071234567');
    expect(phoneRegion('+442071234567')).toBe('GB');
  });
});

import { describe, expect, it } from 'vitest';
import { count, duration, percent } from './format';

describe('format', () => {
  it('groups thousands', () => {
    expect(count(12345)).toMatch(/^12.345$/);
  });
  it('rounds percentages and never divides by zero', () => {
    expect(percent(87, 100)).toBe('87 %');
    expect(percent(2, 3)).toBe('67 %');
    expect(percent(5, 0)).toBe('0 %');
  });
  it('speaks durations like a person', () => {
    expect(duration(42)).toBe('42 s');
    expect(duration(90)).toBe('1 min 30 s');
    expect(duration(4800)).toBe('1 h 20 min');
    expect(duration(3600)).toBe('1 h');
    expect(duration(26 * 3600)).toBe('1 d 2 h');
  });
});

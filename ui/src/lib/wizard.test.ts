import { describe, expect, it } from 'vitest';
import { defaultConcurrency, estimateMinutes, nameFromFile } from './wizard.svelte';

describe('wizard helpers', () => {
  it('names a campaign after its file', () => {
    expect(nameFromFile('spring_leads-2026.xlsx')).toBe('spring leads 2026');
  });
  it('defaults to half the plan limit, never zero', () => {
    expect(defaultConcurrency(8)).toBe(4);
    expect(defaultConcurrency(1)).toBe(1);
    expect(defaultConcurrency(60)).toBe(30);
  });
  it('estimates the finish from recipients, concurrency and call length', () => {
    expect(estimateMinutes(0, 4, 2)).toBe(0);
    expect(estimateMinutes(100, 4, 2)).toBe(50);
    expect(estimateMinutes(101, 4, 2)).toBe(52);
    // Dialling is paced at one call per second: 12,000 calls take at least 200 minutes.
    expect(estimateMinutes(12000, 60, 0.5)).toBe(200);
  });
});

describe('a launch refused for an earlier step', () => {
  it('goes to that step and says why, until the person moves on', async () => {
    const { STEPS, wizard } = await import('./wizard.svelte');
    wizard.go(STEPS.indexOf('Confirm'));
    wizard.sendBack('Schedule', 'The start time you picked has already passed.');
    expect(STEPS[wizard.state.step]).toBe('Schedule');
    expect(wizard.returned).toEqual({ step: STEPS.indexOf('Schedule'), message: 'The start time you picked has already passed.' });
    wizard.go(STEPS.indexOf('Confirm'));
    expect(wizard.returned).toBeNull();
  });
});

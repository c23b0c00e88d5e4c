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
    const { wizard } = await import('./wizard.svelte');
    wizard.go('confirm');
    wizard.sendBack('schedule', 'The start time you picked has already passed.');
    expect(wizard.state.step).toBe('schedule');
    expect(wizard.returned).toEqual({ step: 'schedule', message: 'The start time you picked has already passed.' });
    wizard.go('confirm');
    expect(wizard.returned).toBeNull();
  });
});

describe('the wizard steps', () => {
  it('are the backend steps in order, with their words', async () => {
    const { STEPS, stepIndex } = await import('./wizard.svelte');
    expect(STEPS.map((s) => s.step)).toEqual(['recipients', 'columns', 'review', 'setup', 'schedule', 'confirm']);
    expect(STEPS.map((s) => s.label)).toEqual(['Recipients', 'Columns', 'Review', 'Setup', 'When to call', 'Confirm']);
    expect(stepIndex('setup')).toBe(3);
  });
  it('Next and Back move one step and stop at either end', async () => {
    const { wizard } = await import('./wizard.svelte');
    wizard.go('recipients');
    wizard.back();
    expect(wizard.state.step).toBe('recipients');
    wizard.next();
    expect(wizard.state.step).toBe('columns');
    wizard.go('confirm');
    wizard.next();
    expect(wizard.state.step).toBe('confirm');
    wizard.back();
    expect(wizard.state.step).toBe('schedule');
  });
});

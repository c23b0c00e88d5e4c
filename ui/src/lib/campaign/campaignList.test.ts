import { describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../host';
import { agentOptions, campaignStatusOptions, matchesFilter } from './campaignList';
import { ALL } from './recipients';

function campaign(name: string, status: CampaignSummary['status'], agentId: string, agentName: string, file: string | null) {
  return { name, status, agentId, agentName, sourceFileName: file } as CampaignSummary;
}

const list = [
  campaign('Spring renewals', 'dialing', 'a1', 'Reminder', 'spring-leads.xlsx'),
  campaign('Winter survey', 'done', 'a2', 'Survey', 'winter.csv'),
  campaign('Follow-ups', 'done', 'a1', 'Reminder', null),
];

describe('campaign list filters', () => {
  const all = { status: ALL, agent: ALL, query: '' };

  it('searches names and file names, ignoring case', () => {
    expect(list.filter((c) => matchesFilter(c, { ...all, query: 'SPRING' })).map((c) => c.name)).toEqual(['Spring renewals']);
    expect(list.filter((c) => matchesFilter(c, { ...all, query: 'winter.csv' })).map((c) => c.name)).toEqual(['Winter survey']);
    expect(list.filter((c) => matchesFilter(c, { ...all, query: 'nothing' }))).toEqual([]);
  });

  it('filters by status and by agent together', () => {
    expect(list.filter((c) => matchesFilter(c, { ...all, status: 'done' }))).toHaveLength(2);
    expect(list.filter((c) => matchesFilter(c, { ...all, status: 'done', agent: 'a1' })).map((c) => c.name)).toEqual([
      'Follow-ups',
    ]);
  });

  it('offers each agent once, by name, with how many campaigns', () => {
    expect(agentOptions(list)).toEqual([
      { value: 'a1', label: 'Reminder', count: 2 },
      { value: 'a2', label: 'Survey', count: 1 },
    ]);
  });

  it('offers the statuses present, in the order a campaign goes through them', () => {
    expect(campaignStatusOptions(list)).toEqual([
      { value: 'dialing', label: 'Calling', count: 1 },
      { value: 'done', label: 'Done', count: 2 },
    ]);
  });
});

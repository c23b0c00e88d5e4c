import { describe, expect, it } from 'vitest';
import type { CampaignSummary } from '../host';
import { agentOptions, campaignStatusOptions, matchesFilter, sortCampaigns, type SortKey } from './campaignList';
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

describe('campaign list order', () => {
  const made = (name: string, at: string, finished: number, total = 10, scheduledAt: string | null = null) =>
    ({ name, createdAt: at, scheduledAt, progress: { finished, total } }) as CampaignSummary;
  const spring = made('Spring renewals', '2026-03-01T10:00:00Z', 10);
  const winter = made('winter survey', '2026-01-05T10:00:00Z', 2);
  const autumn = made('Autumn call 10', '2026-02-01T10:00:00Z', 5, 10, '2026-06-01T09:00:00Z');
  const autumn2 = made('Autumn call 9', '2026-02-02T10:00:00Z', 0, 0);
  const all = [spring, winter, autumn, autumn2];
  const order = (key: SortKey) => sortCampaigns(all, key).map((c) => c.name);

  it('by start: a scheduled campaign counts from when it calls, newest first', () => {
    expect(order('start')).toEqual(['Autumn call 10', 'Spring renewals', 'Autumn call 9', 'winter survey']);
  });

  it('by name: A to Z ignoring case, numbers in number order', () => {
    expect(order('name')).toEqual(['Autumn call 9', 'Autumn call 10', 'Spring renewals', 'winter survey']);
  });

  it('by progress: the least finished first; an empty campaign counts as finished', () => {
    expect(order('progress')).toEqual(['winter survey', 'Autumn call 10', 'Spring renewals', 'Autumn call 9']);
  });

  it('leaves the list it was given as it was', () => {
    sortCampaigns(all, 'name');
    expect(all.map((c) => c.name)).toEqual(['Spring renewals', 'winter survey', 'Autumn call 10', 'Autumn call 9']);
  });
});

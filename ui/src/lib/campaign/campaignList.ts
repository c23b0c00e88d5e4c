// The Campaigns page's filters: by agent, by status, and a search over names and file names.

import type { CampaignStatus, CampaignSummary } from '../host';
import { ALL, type Option } from './recipients';
import { CAMPAIGN_STATUSES, campaignLook } from './status';

export type ListFilter = { status: string; agent: string; query: string };

/** What the filters look at; batches made elsewhere have no file name. */
export type Listed = { name: string; status: CampaignStatus; agentId: string; sourceFileName?: string | null };

export function matchesFilter(item: Listed, filter: ListFilter): boolean {
  if (filter.status !== ALL && item.status !== filter.status) return false;
  if (filter.agent !== ALL && item.agentId !== filter.agent) return false;
  const q = filter.query.trim().toLowerCase();
  if (!q) return true;
  return item.name.toLowerCase().includes(q) || (item.sourceFileName ?? '').toLowerCase().includes(q);
}

/** The agents campaigns were run with, by name. */
export function agentOptions(campaigns: readonly CampaignSummary[]): Option[] {
  const byId = new Map<string, Option>();
  for (const c of campaigns) {
    const option = byId.get(c.agentId);
    if (option) option.count += 1;
    else byId.set(c.agentId, { value: c.agentId, label: c.agentName || 'Unnamed agent', count: 1 });
  }
  return [...byId.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** The statuses present, in the order a campaign goes through them. */
export function campaignStatusOptions(items: readonly Listed[]): Option[] {
  return CAMPAIGN_STATUSES.map((status) => ({
    value: status,
    label: campaignLook(status).word,
    count: items.filter((i) => i.status === status).length,
  })).filter((o) => o.count > 0);
}

export type SortKey = 'start' | 'name' | 'progress';

export const SORTS: { value: SortKey; label: string }[] = [
  { value: 'start', label: 'Start, newest first' },
  { value: 'name', label: 'Name, A to Z' },
  { value: 'progress', label: 'Progress, least finished first' },
];

type Sortable = Pick<CampaignSummary, 'name' | 'scheduledAt' | 'createdAt' | 'progress'>;

/** When calling starts (or started): the scheduled time, else when it was launched. */
function startOf(c: Sortable): number {
  const t = Date.parse(c.scheduledAt ?? c.createdAt ?? '');
  return Number.isNaN(t) ? 0 : t;
}

const share = (c: Sortable) => (c.progress.total > 0 ? c.progress.finished / c.progress.total : 1);

/**
 * The campaigns in the order asked for (a copy). Progress puts the least finished first (what
 * still needs watching); ties keep the newest first.
 */
export function sortCampaigns<T extends Sortable>(list: readonly T[], key: SortKey): T[] {
  const newest = (a: T, b: T) => startOf(b) - startOf(a);
  const by: Record<SortKey, (a: T, b: T) => number> = {
    start: newest,
    name: (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) || newest(a, b),
    progress: (a, b) => share(a) - share(b) || newest(a, b),
  };
  return [...list].sort(by[key]);
}

/** Whether a campaign may be archived or deleted: none of its calls are still to come. */
export function canPutAway(status: CampaignStatus): boolean {
  return status === 'done' || status === 'cancelled' || status === 'failed' || status === 'notLaunched';
}

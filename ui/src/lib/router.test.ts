import { describe, expect, it } from 'vitest';
import { campaignHref, parseRoute } from './router.svelte';

describe('parseRoute', () => {
  it('reads the simple screens and falls back to Campaigns', () => {
    expect(parseRoute('#/settings')).toEqual({ route: 'settings', campaignId: null });
    expect(parseRoute('#/new')).toEqual({ route: 'new', campaignId: null });
    expect(parseRoute('#/do-not-call')).toEqual({ route: 'do-not-call', campaignId: null });
    expect(parseRoute('')).toEqual({ route: 'campaigns', campaignId: null });
    expect(parseRoute('#/nowhere')).toEqual({ route: 'campaigns', campaignId: null });
    expect(parseRoute('#settings')).toEqual({ route: 'settings', campaignId: null });
  });

  it('reads a campaign id, decoded, including ids of batches made elsewhere', () => {
    expect(parseRoute('#/campaign/42')).toEqual({ route: 'campaign', campaignId: '42' });
    expect(parseRoute(campaignHref('batch:cb_7f/x y'))).toEqual({ route: 'campaign', campaignId: 'batch:cb_7f/x y' });
    expect(parseRoute('#/campaign/batch:abc')).toEqual({ route: 'campaign', campaignId: 'batch:abc' });
  });

  it('sends a campaign link without an id, or with a broken one, somewhere sensible', () => {
    expect(parseRoute('#/campaign')).toEqual({ route: 'campaigns', campaignId: null });
    expect(parseRoute('#/campaign/')).toEqual({ route: 'campaigns', campaignId: null });
    expect(parseRoute('#/campaign/%E0%A4%A')).toEqual({ route: 'campaign', campaignId: '%E0%A4%A' });
  });

  it('encodes ids for links', () => {
    expect(campaignHref('batch:abc')).toBe('#/campaign/batch%3Aabc');
  });
});

// A tiny hash router: the app has a handful of screens and no server, so `#/route` is enough.
// A campaign's page is `#/campaign/<id>`, the id URI-encoded (ids of batches made outside
// Batchline look like `batch:<id>`).

export type Route = 'campaigns' | 'new' | 'do-not-call' | 'settings' | 'campaign';

export type Place = { route: Route; campaignId: string | null };

const SIMPLE: readonly Route[] = ['campaigns', 'new', 'do-not-call', 'settings'];

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function parseRoute(hash: string): Place {
  const path = hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  const name = slash < 0 ? path : path.slice(0, slash);
  if (name === 'campaign') {
    const id = slash < 0 ? '' : decode(path.slice(slash + 1));
    if (id) return { route: 'campaign', campaignId: id };
    return { route: 'campaigns', campaignId: null };
  }
  const route = (SIMPLE as readonly string[]).includes(name) ? (name as Route) : 'campaigns';
  return { route, campaignId: null };
}

/** The link to a campaign's page. */
export function campaignHref(id: string): string {
  return `#/campaign/${encodeURIComponent(id)}`;
}

class Router {
  current = $state<Route>('campaigns');
  campaignId = $state<string | null>(null);

  constructor() {
    this.#read();
    if (typeof window !== 'undefined') window.addEventListener('hashchange', () => this.#read());
  }

  #read() {
    const place = parseRoute(typeof location === 'undefined' ? '' : location.hash);
    this.current = place.route;
    this.campaignId = place.campaignId;
  }

  /** What the screen just left did, for the next one to say (a campaign deleted from its page). */
  #notice: string | null = null;

  go(route: Exclude<Route, 'campaign'>, notice: string | null = null) {
    this.#notice = notice;
    location.hash = `#/${route}`;
  }

  /** The message left by the screen before, once. */
  takeNotice(): string | null {
    const notice = this.#notice;
    this.#notice = null;
    return notice;
  }

  openCampaign(id: string) {
    location.hash = campaignHref(id);
  }
}

export const router = new Router();

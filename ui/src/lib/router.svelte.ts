// A tiny hash router: the app has a handful of screens and no server, so `#/route` is enough.

export type Route = 'campaigns' | 'new' | 'settings';

const ROUTES: readonly Route[] = ['campaigns', 'new', 'settings'];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split('/')[0];
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'campaigns';
}

class Router {
  current = $state<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.current = parseRoute(location.hash);
      });
    }
  }

  go(route: Route) {
    location.hash = `#/${route}`;
  }
}

export const router = new Router();

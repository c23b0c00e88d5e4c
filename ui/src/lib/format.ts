// Numbers and durations as a person reads them: 12,345 · 87 % · 1 h 20 min.
//
// Every count the window prints goes through `count`, so one screen never shows 11,995 and 11995
// (or 11.995) side by side. The app speaks English and the backend's sentences always group
// thousands as en-US does, so the window's own counts do too, whatever the system's locale: a C or
// POSIX locale (many Linux machines and CI, where Intl resolves to `en-US-u-va-posix` and writes
// 11995) or a German one (11.995) would otherwise make them the odd ones out.

/** The locale every count is written in; the backend's `view::count` groups the same way. */
const COUNT_LOCALE = 'en-US';

let integer: Intl.NumberFormat | null = null;

/** The locale every count is written in (for libraries that format numbers themselves, like the charts' axes). */
export function numberLocale(): string {
  return COUNT_LOCALE;
}

export function count(n: number): string {
  integer ??= new Intl.NumberFormat(COUNT_LOCALE, { maximumFractionDigits: 0 });
  return integer.format(n);
}

/** `1 recipient`, `1,200 recipients`: a count with the word that goes with it. */
export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0 %';
  return `${Math.round((part / whole) * 100)} %`;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    const rest = s % 60;
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const restMin = minutes % 60;
  if (hours < 24) return restMin ? `${hours} h ${restMin} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const restH = hours % 24;
  return restH ? `${days} d ${restH} h` : `${days} d`;
}

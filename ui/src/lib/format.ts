// Numbers and durations as a person reads them: 12,345 · 87 % · 1 h 20 min.
//
// Every count the window prints goes through `count`, so one screen never shows 11,995 and 11995
// side by side. The backend's sentences always group thousands; a system locale that doesn't
// (C or POSIX, as on many Linux machines and CI, where Intl resolves to `en-US-u-va-posix`)
// would make the window's own counts the odd ones out, so those fall back to en-US.

/** Groups thousands as 11,995 (the sentences the backend writes do the same). */
const FALLBACK = 'en-US';
/** A five-digit number every grouping locale writes with a separator (even those, like
 *  Spanish, that leave four digits alone). */
const PROBE = 11995;

function groups(locale: string | undefined): Intl.NumberFormat | null {
  try {
    const f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    return /^\d+$/.test(f.format(PROBE)) ? null : f;
  } catch {
    // Not a locale Intl knows (`C`, `C.UTF-8`).
    return null;
  }
}

/**
 * The locale counts are written in: the system's language when it is a real one that groups
 * thousands, otherwise en-US.
 */
export function countLocale(language: string | null | undefined): string {
  const lang = (language ?? '').trim();
  if (!lang || /^(c|posix|und)([._@-]|$)/i.test(lang)) return FALLBACK;
  return groups(lang)?.resolvedOptions().locale ?? FALLBACK;
}

function systemLanguage(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

let integer: Intl.NumberFormat | null = null;

/** The locale every count is written in (for libraries that format numbers themselves, like the charts' axes). */
export function numberLocale(): string {
  return countLocale(systemLanguage());
}

export function count(n: number): string {
  integer ??= new Intl.NumberFormat(numberLocale(), { maximumFractionDigits: 0 });
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

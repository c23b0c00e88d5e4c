// Phone numbers are stored and sent in international form (+14155550100) and shown the way
// people write them at home.

const REGIONS: Record<string, string> = { '1': 'US', '44': 'GB', '49': 'DE', '33': 'FR', '61': 'AU' };

export function displayPhone(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (nanp) return `(${nanp[1]}) ${nanp[2]}-${nanp[3]}`;
  return e164;
}

/** Short country code shown next to a number (US, GB …), or the dialling code. */
export function phoneRegion(e164: string): string {
  for (const len of [1, 2, 3]) {
    const code = e164.slice(1, 1 + len);
    if (REGIONS[code]) return REGIONS[code];
  }
  return e164.slice(0, 3);
}

// Recipient files the end-to-end tests drop into the app, written the way real exports look.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CRM export: quoted fields with commas and newlines, every way of writing a US number, problems. */
export const MESSY_CSV = [
  'First Name,Last Name,Phone Number,Company,Notes',
  'José,García,(415) 555-2671,"Acme, Inc.",VIP',
  'Ann,Lee,415.555.0134,Globex,"Call after lunch,',
  'not before"',
  'Bob,Stone,N/A,Initech,',
  'Cy,Young,1-415-555-2671,Umbrella,same as José',
  'Dee,Park,555-12,Hooli,typo',
  '',
  'Eve,Moss,+1 415 555 0150,Stark,',
  'Fay,Wong,1.41555E+10,Wayne,excel damage',
].join('\r\n');
// Spreadsheet rows: 2 José ok · 3 Ann ok (two lines in the file, one row) · 4 Bob rejected ·
// 5 Cy duplicate of 2 · 6 Dee rejected · 7 blank · 8 Eve ok · 9 Fay rejected.
export const MESSY_EXPECTED = { ready: 3, rejected: 3, duplicates: 1 };

export const XLSX_FILE = join(import.meta.dirname, 'fixtures', 'leads.xlsx');
export const XLSX_EXPECTED = { ready: 4, rejected: 1, duplicates: 1 };

export function writeFixture(dir, name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** `n` recipients with distinct valid US numbers. */
export function bigCsv(n) {
  const lines = ['Phone,Name,Row'];
  for (let i = 0; i < n; i++) {
    const area = 201 + Math.floor(i / 9000);
    const line = String(1000 + (i % 9000)).padStart(4, '0');
    lines.push(`(${area}) 555-${line},Person ${i + 1},${i + 2}`);
  }
  return lines.join('\n') + '\n';
}

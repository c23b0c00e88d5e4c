import { describe, expect, it } from 'vitest';
import { browserHost, useHost, type Host, type ImportSummary } from './host';
import { importer } from './importer.svelte';
import { wizard } from './wizard.svelte';

describe('importer', () => {
  it('Cancel stops the file being read, and a cancelled import shows no error', async () => {
    let cancelled = false;
    let fail: (reason: unknown) => void = () => undefined;
    const host: Host = {
      ...browserHost,
      importFile: () =>
        new Promise<ImportSummary>((_, reject) => {
          fail = reject;
        }),
      cancelImport: async () => {
        cancelled = true;
        fail({ code: 'cancelled', message: 'Reading big.xlsx was cancelled.' });
      },
    };
    useHost(host);
    const running = importer.importFile(new File(['Phone\n4155552671\n'], 'big.xlsx'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(importer.busy).toBe(true);
    await importer.cancel();
    await running;
    expect(cancelled).toBe(true);
    expect(importer.busy).toBe(false);
    expect(importer.error).toBeNull();
  });

  it("reads numbers with the Settings' country, and never guesses one", async () => {
    let sent: string | null = null;
    const host: Host = {
      ...browserHost,
      settings: async () => ({ ...(await browserHost.settings()), defaultCountry: 'GB' }),
      importFile: async (_name, _bytes, choices) => {
        sent = choices.country;
        throw { code: null, message: 'stop here' };
      },
    };
    useHost(host);
    wizard.settings = null;
    await importer.importFile(new File(['Phone\n020 7946 0958\n'], 'leads.csv'));
    expect(sent).toBe('GB');

    sent = null;
    wizard.settings = null;
    useHost({ ...host, settings: () => Promise.reject({ code: null, message: 'no settings' }) });
    await importer.importFile(new File(['Phone\n020 7946 0958\n'], 'leads.csv'));
    expect(sent).toBeNull();
    expect(importer.error).toContain("couldn't read your Settings");
  });
});

import { describe, expect, it } from 'vitest';
import { browserHost, useHost, type Host, type ImportSummary } from './host';
import { importer } from './importer.svelte';

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
});

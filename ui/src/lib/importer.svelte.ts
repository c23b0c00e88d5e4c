// Getting a dropped or chosen file to the backend: read it (with progress), send the bytes,
// keep the wizard's summary. Works the same for the whole-window drop and the Browse… button.

import { asIpcError, host, type ImportChoices } from './host';
import { wizard } from './wizard.svelte';

export const ACCEPTED = '.csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods';

class Importer {
  busy = $state(false);
  phase = $state('');
  progress = $state<number | null>(null);
  error = $state<string | null>(null);
  #reader: FileReader | null = null;

  /** Stops the file being read, here or in the backend; the list already imported stays. */
  async cancel() {
    if (!this.busy) return;
    this.phase = 'Cancelling…';
    this.#reader?.abort();
    await host.cancelImport();
  }

  /** A cancelled import is no error: the person asked for it. */
  #failed(error: unknown) {
    const e = asIpcError(error);
    this.error = e.code === 'cancelled' ? null : e.message;
  }

  #read(file: File): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      this.#reader = reader;
      reader.onabort = () => reject({ code: 'cancelled', message: 'Cancelled.' });
      reader.onprogress = (e) => {
        if (e.lengthComputable) this.progress = e.loaded / e.total;
      };
      reader.onerror = () => reject({ message: `"${file.name}" couldn't be read. Check that it isn't open in another program, then try again.` });
      reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
      reader.readAsArrayBuffer(file);
    });
  }

  /**
   * The choices for a new file: numbers without a country code are read as the Settings' default
   * country's. Never guessed: when the settings can't be read, the import stops and says so.
   */
  async choices(): Promise<ImportChoices> {
    if (!wizard.settings) wizard.settings = await host.settings().catch(() => null);
    if (!wizard.settings) {
      throw {
        code: null,
        message:
          "Batchline couldn't read your Settings, so it doesn't know which country your numbers are from. " +
          'Open Settings, check the default country, then import the file again.',
      };
    }
    return {
      country: wizard.settings.defaultCountry,
      phoneColumn: null,
      sheet: null,
      noHeader: false,
      excludedColumns: [],
      renamedColumns: [],
    };
  }

  async importFile(file: File) {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      this.phase = `Reading ${file.name}…`;
      this.progress = 0;
      const bytes = await this.#read(file);
      this.#reader = null;
      this.phase = 'Checking every row…';
      this.progress = null;
      const summary = await host.importFile(file.name, bytes, await this.choices());
      wizard.setSummary(summary);
      wizard.go('columns');
    } catch (error) {
      this.#failed(error);
    } finally {
      this.busy = false;
      this.phase = '';
      this.progress = null;
    }
  }

  async importSample() {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.phase = 'Checking every row…';
    try {
      if (!wizard.loaded) await wizard.load();
      wizard.setSummary(await host.importSample(await this.choices()));
      wizard.go('columns');
    } catch (error) {
      this.#failed(error);
    } finally {
      this.busy = false;
      this.phase = '';
    }
  }

  async reimport(choices: ImportChoices) {
    this.busy = true;
    this.error = null;
    this.phase = 'Checking every row…';
    try {
      wizard.setSummary(await host.reimport(choices));
    } catch (error) {
      this.#failed(error);
    } finally {
      this.busy = false;
      this.phase = '';
    }
  }
}

export const importer = new Importer();

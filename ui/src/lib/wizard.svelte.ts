// The New campaign wizard's state. Every change is autosaved as a draft (debounced), so closing
// the app mid-way loses nothing; the imported recipients themselves are kept by the backend.

import {
  asIpcError,
  host,
  type AgentChoice,
  type ImportSummary,
  type Settings,
  type WizardState,
  type WizardStep,
} from './host';

/** The wizard's steps in order (the backend's `WizardStep`), with the words the stepper shows. */
export const STEPS: readonly { step: WizardStep; label: string }[] = [
  { step: 'recipients', label: 'Recipients' },
  { step: 'columns', label: 'Columns' },
  { step: 'review', label: 'Review' },
  { step: 'setup', label: 'Setup' },
  { step: 'schedule', label: 'When to call' },
  { step: 'confirm', label: 'Confirm' },
];

/** Where a step is in the wizard, from 0. */
export function stepIndex(step: WizardStep): number {
  return STEPS.findIndex((s) => s.step === step);
}

/** The step `by` places after (or, negative, before) `step`, staying within the wizard. */
export function stepAfter(step: WizardStep, by: number): WizardStep {
  const i = Math.max(0, Math.min(STEPS.length - 1, stepIndex(step) + by));
  return STEPS[i].step;
}

export function blankWizard(): WizardState {
  return {
    step: 'recipients',
    name: '',
    agentId: null,
    fromNumberId: null,
    concurrency: null,
    ringingTimeoutSeconds: null,
    maxCallDurationMinutes: null,
    start: { kind: 'now' },
    complianceAcknowledged: false,
  };
}

/** Default name from the file: "spring-leads.xlsx" → "spring leads". */
export function nameFromFile(fileName: string): string {
  return fileName
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim();
}

/** Half the plan's limit, at least 1: what Cartesia uses when no limit is sent. */
export function defaultConcurrency(orgLimit: number): number {
  return Math.max(1, Math.floor(orgLimit / 2));
}

/**
 * Minutes from start to the last call finishing: recipients ÷ simultaneous calls × average call
 * length, and never faster than dialling one call per second.
 */
export function estimateMinutes(recipients: number, concurrency: number, averageCallMinutes: number): number {
  if (recipients <= 0) return 0;
  const waves = Math.ceil(recipients / Math.max(1, concurrency));
  const byCalls = waves * Math.max(0.1, averageCallMinutes);
  const byDialling = recipients / 60;
  return Math.max(byCalls, byDialling);
}

class Wizard {
  state = $state<WizardState>(blankWizard());
  summary = $state<ImportSummary | null>(null);
  agents = $state<AgentChoice[] | null>(null);
  agentsError = $state<string | null>(null);
  settings = $state<Settings | null>(null);
  loaded = $state(false);
  /** The campaign was launched: the draft is gone, the wizard only shows the outcome. */
  launched = $state(false);
  savedAt = $state<Date | null>(null);
  saveError = $state<string | null>(null);
  /** Why a launch sent the person back to an earlier step; that step shows it until they leave. */
  returned = $state<{ step: WizardStep; message: string } | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;

  async load() {
    try {
      this.settings = await host.settings();
      const draft = await host.loadDraft();
      if (draft) {
        this.state = draft.wizard;
        this.summary = draft.import;
      }
    } catch (error) {
      this.saveError = asIpcError(error).message;
    } finally {
      this.loaded = true;
    }
  }

  async loadAgents(force = false) {
    if (this.agents && !force) return;
    this.agentsError = null;
    try {
      this.agents = await host.agents();
    } catch (error) {
      this.agentsError = asIpcError(error).message;
    }
  }

  /** Call after any change to `state`. */
  changed() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), 400);
  }

  async flush() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    try {
      await host.saveDraft($state.snapshot(this.state));
      this.savedAt = new Date();
      this.saveError = null;
    } catch (error) {
      this.saveError = `Your draft couldn't be saved: ${asIpcError(error).message}`;
    }
  }

  setSummary(summary: ImportSummary) {
    this.summary = summary;
    if (!this.state.name.trim()) this.state.name = nameFromFile(summary.fileName);
    void this.flush();
  }

  go(step: WizardStep) {
    this.state.step = step;
    if (this.returned?.step !== step) this.returned = null;
    // Moving between steps saves at once, so closing the window right after loses nothing.
    void this.flush();
  }

  /** The next step (Next), or the one before (Back). */
  next() {
    this.go(stepAfter(this.state.step, 1));
  }

  back() {
    this.go(stepAfter(this.state.step, -1));
  }

  /** A launch was refused for something `step` fixes: go there and say why. */
  sendBack(step: WizardStep, message: string) {
    this.returned = { step, message };
    this.go(step);
  }

  async reset() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await host.discardDraft();
    this.state = blankWizard();
    this.summary = null;
    this.launched = false;
    this.returned = null;
  }

  selectedAgent(): AgentChoice | null {
    return this.agents?.find((a) => a.id === this.state.agentId) ?? null;
  }
}

export const wizard = new Wizard();

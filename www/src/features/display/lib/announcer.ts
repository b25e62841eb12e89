/**
 * The board's voice: a generated chime (WebAudio, no audio files) and then the
 * spoken announcement (speechSynthesis), one call after the other. Calls are
 * queued so that an announcement never cuts off the one before it; a board that
 * fell far behind drops the oldest rather than reading out a long backlog.
 *
 * Browsers start audio only after a user gesture on the page: `unlock()` must be
 * called from one (the "Enable sound" button, or any tap on the board).
 */

/** Announcements waiting beyond this are stale: the oldest are dropped. */
const MAX_PENDING = 4;
const GAP_MS = 600;
const CHIME_MS = 1400;

type AudioContextClass = typeof AudioContext;

function audioContextClass(): AudioContextClass | null {
  const w = window as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Announcer {
  private context: AudioContext | null = null;
  private readonly queue: string[] = [];
  private running = false;
  private enabled = false;
  /** Bumped by stop(): a run in progress ends after its current step. */
  private generation = 0;
  readonly lang: string;

  constructor(lang: string = document.documentElement.lang || 'en-GB') {
    this.lang = lang;
  }

  /** From a user gesture: create or resume the audio context. Resolves true when audio runs. */
  async unlock(): Promise<boolean> {
    const Ctx = audioContextClass();
    try {
      if (!this.context && Ctx) this.context = new Ctx();
      if (this.context && this.context.state !== 'running') await this.context.resume();
    } catch {
      // No audio device (a kiosk PC without speakers): speech may still work.
    }
    return this.context?.state === 'running';
  }

  setEnabled(enabled: boolean) {
    this.enabled = enabled;
    if (!enabled) this.stop();
  }

  announce(text: string) {
    if (!this.enabled) return;
    this.queue.push(text);
    while (this.queue.length > MAX_PENDING) this.queue.shift();
    if (!this.running) void this.run();
  }

  /** Silence now: forget what waits, end what plays. */
  stop() {
    this.generation += 1;
    this.queue.length = 0;
    this.running = false;
    try {
      window.speechSynthesis?.cancel();
    } catch {
      // ignore
    }
  }

  dispose() {
    this.stop();
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private async run() {
    const generation = this.generation;
    this.running = true;
    while (this.queue.length > 0 && generation === this.generation) {
      const text = this.queue.shift()!;
      await this.chime();
      if (generation !== this.generation) return;
      await this.speak(text);
      await sleep(GAP_MS);
    }
    if (generation === this.generation) this.running = false;
  }

  /** Two soft tones, "ding-dong", about a second long. */
  private async chime(): Promise<void> {
    const ctx = this.context;
    if (!ctx || ctx.state !== 'running') return;
    const start = ctx.currentTime + 0.05;
    const tones: [number, number][] = [
      [880, 0],
      [659.25, 0.42],
    ];
    for (const [frequency, offset] of tones) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      const t = start + offset;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.35, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.95);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 1);
    }
    await sleep(CHIME_MS);
  }

  /** Speak and wait for the end (or an error, or a timeout: some engines never say "end"). */
  private speak(text: string): Promise<void> {
    const synth = window.speechSynthesis;
    if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return Promise.resolve();
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(finish, Math.max(5000, text.length * 180));
      try {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = this.lang;
        utterance.rate = 0.9;
        utterance.addEventListener('end', finish);
        utterance.addEventListener('error', finish);
        synth.speak(utterance);
      } catch {
        finish();
      }
    });
  }
}

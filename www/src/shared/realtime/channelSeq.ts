/**
 * The seq bookkeeping of one channel: which events are new, which repeat,
 * and when events were missed.
 *
 * Department channels number their events 1, 2, 3, ... with no hole between
 * committed changes, so a skipped seq is a lost event. A ticket channel carries
 * only that ticket's events, with the department's seqs: holes are normal
 * there, so only repeats and the heartbeat count.
 */
export type SeqVerdict = 'new' | 'duplicate' | 'gap';

export class ChannelSeq {
  /** The newest seq delivered (or the server's at the join); null: the server had none. */
  private last: number | null = null;
  /** False until a join, and again after a resync: the next seq seen is then the baseline. */
  private known = false;

  constructor(private readonly contiguous: boolean) {}

  static forChannel(channel: string): ChannelSeq {
    return new ChannelSeq(channel.startsWith('department:'));
  }

  /** The `since` for a re-join: the replay then starts right after what we have. */
  get since(): number | undefined {
    return this.known && this.last !== null ? this.last : undefined;
  }

  /** `joined` arrived for a join sent with `since` (or without: then the server's seq is the baseline). */
  joined(serverSeq: number | null, since: number | undefined) {
    this.last = since ?? serverSeq;
    this.known = true;
  }

  /** The server asked for a resync: the snapshot will be fetched; start a new baseline. */
  forget() {
    this.known = false;
  }

  event(seq: number): SeqVerdict {
    if (!this.known || this.last === null) {
      this.last = seq;
      this.known = true;
      return 'new';
    }
    if (seq <= this.last) return 'duplicate';
    const gap = this.contiguous && seq > this.last + 1;
    this.last = seq;
    return gap ? 'gap' : 'new';
  }

  /** The server's heartbeat seq: true when it has sent us events we never saw. */
  heartbeat(seq: number): boolean {
    if (!this.known) {
      this.last = seq;
      this.known = true;
      return false;
    }
    if (this.last !== null && seq <= this.last) return false;
    this.last = seq;
    return true;
  }
}

import { useSyncExternalStore } from 'react';
import type { AssistantReply } from '@/shared/api/types';
import { session } from '@/shared/auth';
import { askAssistant } from '../api/assistant';

/**
 * The conversation with the assistant, in memory for the life of the page
 * (never stored: it may hold the office's figures). It lives outside React so
 * that closing the panel, or moving to another screen, keeps it; it belongs
 * to the person signed in, and is forgotten the moment the session ends or
 * someone else signs in on the page.
 */

export interface Exchange {
  id: number;
  question: string;
  /** The department sent with the question (admins), or null. */
  departmentId: number | null;
  status: 'pending' | 'answered' | 'failed';
  reply: AssistantReply | null;
  error: unknown;
  /** When the last attempt failed (ms since the epoch), for a `Retry-After`. */
  failedAt: number | null;
}

export interface ConversationState {
  /** Whose conversation this is. */
  ownerId: number | null;
  exchanges: readonly Exchange[];
  /** The admin's department choice in the panel; undefined until they make one. */
  departmentChoice: number | null | undefined;
}

/** The oldest exchanges go beyond this many. */
const MAX_EXCHANGES = 100;

let state: ConversationState = {
  ownerId: session.getState().user?.id ?? null,
  exchanges: [],
  departmentChoice: undefined,
};
/** Bumped when the conversation is forgotten: replies to the old one are dropped. */
let generation = 0;
let nextId = 1;
const listeners = new Set<() => void>();

function setState(next: ConversationState) {
  state = next;
  for (const listener of listeners) listener();
}

function update(id: number, patch: Partial<Exchange>) {
  setState({ ...state, exchanges: state.exchanges.map((e) => (e.id === id ? { ...e, ...patch } : e)) });
}

session.subscribe(() => {
  const owner = session.getState().user?.id ?? null;
  if (owner === state.ownerId) return;
  generation += 1;
  setState({ ownerId: owner, exchanges: [], departmentChoice: undefined });
});

async function send(id: number, question: string, departmentId: number | null) {
  const asked = generation;
  try {
    const reply = await askAssistant(question, departmentId);
    if (asked === generation) update(id, { status: 'answered', reply, error: null, failedAt: null });
  } catch (error) {
    if (asked === generation) update(id, { status: 'failed', error, failedAt: Date.now() });
  }
}

export const conversation = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  getState: () => state,

  /** Ask a question (one at a time: the panel waits for the answer before the next). */
  ask(question: string, departmentId: number | null) {
    const id = nextId++;
    const exchange: Exchange = { id, question, departmentId, status: 'pending', reply: null, error: null, failedAt: null };
    setState({ ...state, exchanges: [...state.exchanges, exchange].slice(-MAX_EXCHANGES) });
    void send(id, question, departmentId);
  },

  /** Ask a failed question again, in its place. */
  retry(id: number) {
    const exchange = state.exchanges.find((e) => e.id === id);
    if (!exchange || exchange.status !== 'failed') return;
    update(id, { status: 'pending', error: null });
    void send(id, exchange.question, exchange.departmentId);
  },

  chooseDepartment(departmentId: number | null) {
    setState({ ...state, departmentChoice: departmentId });
  },

  clear() {
    generation += 1;
    setState({ ...state, exchanges: [] });
  },
};

export function useConversation(): ConversationState {
  return useSyncExternalStore(conversation.subscribe, conversation.getState, conversation.getState);
}

import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { Role } from '@/shared/api/types';
import { useDepartmentList } from '@/shared/api/organisation';
import { useCurrentUser } from '@/shared/auth';
import { parseId } from '@/shared/lib/parseId';
import { MAX_QUESTION_LENGTH } from '../api/assistant';
import { conversation, useConversation } from '../lib/conversation';
import { errorLine } from '../lib/errors';
import { ChatExchange } from './ChatExchange';

/** What to ask first, per role (the API offers follow-ups with each answer). */
const STARTERS: Record<Role, readonly string[]> = {
  staff: ['How long is the wait now?', 'How am I doing today?', 'How do I use QStream?'],
  manager: [
    'How many staff do we need tomorrow at 10?',
    'What are the busiest hours?',
    'How is the team doing today?',
    'What do the complaints say?',
  ],
  admin: ['How long is the wait now?', 'What are the busiest hours?', 'How do I use QStream?'],
};

interface AssistantPanelProps {
  onClose: () => void;
}

/**
 * The assistant's side panel: the conversation (newest at the bottom), the
 * suggestions of the last answer as buttons, and the question box. Not modal:
 * the screen behind stays usable; Escape anywhere in the panel closes it, and
 * the launcher gets the focus back.
 */
export function AssistantPanel({ onClose }: AssistantPanelProps) {
  const user = useCurrentUser();
  const { exchanges, departmentChoice } = useConversation();
  const titleId = useId();
  const inputId = useId();
  const pickerId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  const [draft, setDraft] = useState('');

  /* ---- the department (admins choose one; the others ask about their own) ---- */
  const isAdmin = user.role === 'admin';
  const departments = useDepartmentList();
  const [searchParams] = useSearchParams();
  const onScreen = parseId(searchParams.get('department') ?? undefined) ?? null;
  const departmentId = isAdmin ? (departmentChoice === undefined ? onScreen : departmentChoice) : null;
  const departmentName = (deptId: number) =>
    isAdmin ? (departments.data?.items.find((d) => d.id === deptId)?.name ?? null) : null;

  /* ---- asking ---- */
  const pending = exchanges.some((e) => e.status === 'pending');
  const ask = (question: string) => {
    const text = question.trim();
    if (!text || pending) return;
    stickToBottom.current = true;
    conversation.ask(text.slice(0, MAX_QUESTION_LENGTH), departmentId);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim() || pending) return;
    ask(draft);
    setDraft('');
  };

  const lastAnswer = [...exchanges].reverse().find((e) => e.reply)?.reply ?? null;
  const suggestions = lastAnswer ? lastAnswer.suggestions : STARTERS[user.role];

  /* ---- focus and scrolling ---- */
  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  // Follow the newest message while the reader is at the bottom (also when a
  // chart, drawn once measured, makes an answer taller), not while they scroll back.
  useLayoutEffect(() => {
    const log = logRef.current;
    const content = contentRef.current;
    if (!log || !content) return;
    const follow = () => {
      if (stickToBottom.current) log.scrollTop = log.scrollHeight;
    };
    follow();
    const observer = new ResizeObserver(follow);
    observer.observe(content);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stickToBottom.current) log.scrollTop = log.scrollHeight;
  }, [exchanges]);
  const onScroll = () => {
    const log = logRef.current;
    if (log) stickToBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onClose();
    }
  };

  // The newest answer, for screen readers (the whole log would repeat the tables).
  const last = exchanges[exchanges.length - 1];
  const announcement =
    last?.status === 'answered' && last.reply ? last.reply.answer : last?.status === 'failed' ? errorLine(last.error).text : '';

  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      data-testid="assistant-panel"
      className="fixed inset-y-0 right-0 z-30 flex w-full max-w-lg flex-col bg-white shadow-xl"
    >
      <header className="flex items-start justify-between gap-3 border-b border-slate-200 px-4 py-2">
        <div className="min-w-0">
          <h2 id={titleId} className="text-lg font-semibold">
            Assistant
          </h2>
          <p className="text-xs text-slate-600">From your office’s own figures · English or Tiếng Việt</p>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {exchanges.length > 0 && (
            <button
              type="button"
              onClick={() => conversation.clear()}
              className="rounded-lg px-2 py-1.5 text-xs font-medium text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-4 focus-visible:ring-slate-300"
              data-testid="assistant-clear"
            >
              Clear
            </button>
          )}
          <button
            type="button"
            onClick={onClose}
            aria-label="Close the assistant"
            className="rounded-lg p-1 text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-4 focus-visible:ring-slate-300"
            data-testid="assistant-close"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M5 5l10 10M15 5L5 15" strokeLinecap="round" />
            </svg>
          </button>
        </div>
      </header>

      {isAdmin && (
        <div className="flex items-center gap-2 border-b border-slate-200 px-4 py-2 text-sm">
          <label htmlFor={pickerId} className="font-medium text-slate-700">
            Department
          </label>
          <select
            id={pickerId}
            value={departmentId ?? ''}
            onChange={(e) => conversation.chooseDepartment(e.target.value ? Number(e.target.value) : null)}
            className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-2 py-1 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
            data-testid="assistant-department"
          >
            <option value="">None (name one in the question)</option>
            {(departments.data?.items ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.active ? '' : ' (inactive)'}
              </option>
            ))}
          </select>
        </div>
      )}

      <div ref={logRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto px-4 py-3" data-testid="assistant-log">
        {exchanges.length === 0 && (
          <p className="mb-3 rounded-2xl bg-slate-100 px-3 py-2 text-sm text-slate-700">
            Hello {user.full_name}. I can tell you the wait now, the staff needed per hour, the busiest hours and days,
            your {user.role === 'staff' ? 'own' : 'team’s'} figures
            {user.role === 'staff' ? '' : ', complaint themes'} and how to use QStream. Every number comes from the
            office’s own data.
          </p>
        )}
        <ol ref={contentRef} aria-label="Conversation" className="flex flex-col gap-2">
          {exchanges.map((exchange) => (
            <ChatExchange
              key={exchange.id}
              exchange={exchange}
              departmentName={departmentName}
              onRetry={(exchangeId) => {
                stickToBottom.current = true;
                conversation.retry(exchangeId);
              }}
            />
          ))}
        </ol>
      </div>
      <div className="sr-only" aria-live="polite" data-testid="assistant-announcement">
        {announcement}
      </div>

      <div className="border-t border-slate-200 px-4 py-2">
        {suggestions.length > 0 && (
          <div role="group" aria-label="Suggested questions" className="mb-2 flex flex-wrap gap-1.5" lang={lastAnswer?.language}>
            {suggestions.map((s) => (
              <button
                key={s}
                type="button"
                onClick={() => ask(s)}
                disabled={pending}
                className="rounded-full border border-indigo-200 bg-indigo-50 px-2.5 py-1 text-left text-xs font-medium text-indigo-800 hover:bg-indigo-100 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200 disabled:cursor-not-allowed disabled:opacity-50"
                data-testid="assistant-suggestion"
              >
                {s}
              </button>
            ))}
          </div>
        )}
        <form onSubmit={submit} className="flex items-center gap-2">
          <label htmlFor={inputId} className="sr-only">
            Your question
          </label>
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={MAX_QUESTION_LENGTH}
            autoComplete="off"
            placeholder="Ask a question…"
            className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
            data-testid="assistant-input"
          />
          <button
            type="submit"
            disabled={pending || !draft.trim()}
            className="rounded-lg bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300 disabled:cursor-not-allowed disabled:opacity-50"
            data-testid="assistant-send"
          >
            {pending ? 'Asking…' : 'Send'}
          </button>
        </form>
      </div>
    </div>
  );
}

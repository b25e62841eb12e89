import { useEffect, useState } from 'react';
import type { Exchange } from '../lib/conversation';
import { errorLine } from '../lib/errors';
import { label } from '../lib/labels';
import { FactsView } from './FactsView';

interface ChatExchangeProps {
  exchange: Exchange;
  /** The department's name, shown under an answer when the asker chooses departments (admins). */
  departmentName: (id: number) => string | null;
  onRetry: (id: number) => void;
}

/** Seconds until `readyAt` (ms), counting down; 0 once there. */
function useSecondsUntil(readyAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (readyAt <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= readyAt) clearInterval(timer);
    }, 500);
    return () => clearInterval(timer);
  }, [readyAt]);
  return Math.max(0, Math.ceil((readyAt - now) / 1000));
}

function Failure({ exchange, onRetry }: { exchange: Exchange; onRetry: (id: number) => void }) {
  const line = errorLine(exchange.error);
  const wait = useSecondsUntil((exchange.failedAt ?? 0) + line.waitSeconds * 1000);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-red-800" data-testid="assistant-error">
      <p>{line.text}</p>
      {line.retry && (
        <button
          type="button"
          onClick={() => onRetry(exchange.id)}
          disabled={wait > 0}
          className="rounded-md px-1.5 py-0.5 font-semibold text-red-800 underline underline-offset-4 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-300 disabled:opacity-60"
        >
          {wait > 0 ? `Try again (${wait} s)` : 'Try again'}
        </button>
      )}
    </div>
  );
}

/** One question and its answer (or the wait for it, or why there is none). */
export function ChatExchange({ exchange, departmentName, onRetry }: ChatExchangeProps) {
  const reply = exchange.reply;
  const lang = reply?.language;
  const about = reply?.department_id != null ? departmentName(reply.department_id) : null;
  return (
    <li className="flex flex-col gap-2" data-testid="assistant-exchange" data-status={exchange.status}>
      <p
        className="ml-auto max-w-sm rounded-2xl bg-indigo-600 px-3 py-2 text-sm whitespace-pre-wrap text-white"
        data-testid="assistant-question"
        lang={lang}
      >
        <span className="sr-only">You: </span>
        {exchange.question}
      </p>
      {exchange.status === 'pending' && (
        <p className="self-start rounded-2xl bg-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="assistant-pending">
          <span aria-hidden="true" className="animate-pulse tracking-widest">
            ●●●
          </span>
          <span className="sr-only">The assistant is answering…</span>
        </p>
      )}
      {exchange.status === 'failed' && (
        <div className="self-start rounded-2xl border border-red-300 bg-red-50 px-3 py-2">
          <Failure exchange={exchange} onRetry={onRetry} />
        </div>
      )}
      {reply && exchange.status === 'answered' && (
        <div
          className="flex flex-col gap-2 rounded-2xl bg-slate-100 px-3 py-2 text-sm text-slate-900"
          data-testid="assistant-answer"
          data-intent={reply.intent}
          data-language={reply.language}
          data-phrased-by={reply.phrased_by}
          data-department-id={reply.department_id ?? ''}
          lang={reply.language}
        >
          <p className="whitespace-pre-wrap" data-testid="assistant-answer-text">
            <span className="sr-only">Assistant: </span>
            {reply.answer}
          </p>
          <FactsView reply={reply} />
          {(about || reply.phrased_by === 'model') && (
            <div className="flex flex-col gap-1 text-xs text-slate-500">
              {about && <p data-testid="assistant-about">{about}</p>}
              {reply.phrased_by === 'model' && (
                <details data-testid="assistant-model">
                  <summary className="cursor-pointer rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-300">
                    {label(reply.language, 'phrasedByModel')}
                  </summary>
                  {reply.rule_answer && (
                    <div className="mt-1 rounded-lg border border-slate-200 bg-white p-2 text-slate-700">
                      <p className="font-semibold">{label(reply.language, 'ruleAnswer')}</p>
                      <p className="whitespace-pre-wrap" data-testid="assistant-rule-answer">
                        {reply.rule_answer}
                      </p>
                    </div>
                  )}
                </details>
              )}
            </div>
          )}
        </div>
      )}
    </li>
  );
}

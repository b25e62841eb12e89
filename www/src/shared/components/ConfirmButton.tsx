import { useState } from 'react';
import { Button } from './Button';

interface ConfirmButtonProps {
  label: string;
  /** The question, e.g. "Deactivate Counter 2?" */
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
}

/** A destructive action that asks once, in place (no browser dialog). */
export function ConfirmButton({ label, question, confirmLabel = 'Yes', onConfirm, disabled }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button size="sm" variant="secondary" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <span className="inline-flex items-center gap-2" role="group" aria-label={question}>
      <span className="text-sm text-slate-700">{question}</span>
      <Button
        size="sm"
        variant="danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setAsking(false)}>
        No
      </Button>
    </span>
  );
}

interface SpinnerProps {
  label?: string;
  className?: string;
}

export function Spinner({ label = 'Loading…', className = '' }: SpinnerProps) {
  return (
    <div role="status" className={`flex items-center gap-3 ${className}`}>
      <span
        aria-hidden="true"
        className="inline-block h-6 w-6 animate-spin rounded-full border-4 border-current border-r-transparent"
      />
      <span>{label}</span>
    </div>
  );
}

import { WEEKDAYS, type Weekday } from '@/shared/api/types';
import { Button } from '@/shared/components/Button';
import { CheckboxField } from '@/shared/forms';
import { WEEKDAY_NAMES, type HoursDraft } from '../hooks/openingHours';
import type { useDepartmentForm } from '../hooks/useDepartmentForm';

interface OpeningHoursEditorProps {
  hours: HoursDraft;
  actions: ReturnType<typeof useDepartmentForm>['hoursActions'];
  error?: string;
}

/** "Always open", or per weekday: closed, or one or more from–to spans. */
export function OpeningHoursEditor({ hours, actions, error }: OpeningHoursEditorProps) {
  return (
    <fieldset className="flex flex-col gap-3 rounded-xl border border-slate-200 p-4" data-field="opening_hours">
      <legend className="px-1 text-sm font-medium text-slate-700">Opening hours</legend>
      <CheckboxField
        label="Always open (no opening hours)"
        name="always_open"
        checked={hours.alwaysOpen}
        onChange={actions.setAlwaysOpen}
      />
      {!hours.alwaysOpen && (
        <ul className="flex flex-col divide-y divide-slate-100">
          {WEEKDAYS.map((day) => (
            <DayRow key={day} day={day} spans={hours.days[day]} actions={actions} />
          ))}
        </ul>
      )}
      {error && (
        <p className="text-sm text-red-700" data-testid="field-error" data-field="opening_hours">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function DayRow({
  day,
  spans,
  actions,
}: {
  day: Weekday;
  spans: [string, string][];
  actions: OpeningHoursEditorProps['actions'];
}) {
  const name = WEEKDAY_NAMES[day];
  const open = spans.length > 0;
  return (
    <li className="flex flex-wrap items-start gap-4 py-2" data-testid="hours-day" data-day={day}>
      <div className="w-40">
        <CheckboxField label={name} name={`open_${day}`} checked={open} onChange={(v) => actions.setDayOpen(day, v)} />
      </div>
      {!open && <span className="py-0.5 text-sm text-slate-500">Closed</span>}
      {open && (
        <div className="flex flex-col gap-2">
          {spans.map(([from, to], index) => (
            <div key={index} className="flex flex-wrap items-center gap-2 text-sm">
              <input
                type="time"
                aria-label={`${name} opens (span ${index + 1})`}
                value={from}
                onChange={(e) => actions.setSpan(day, index, 0, e.target.value)}
                className="rounded-lg border border-slate-300 px-2 py-1"
              />
              <span aria-hidden="true">–</span>
              <input
                type="time"
                aria-label={`${name} closes (span ${index + 1})`}
                value={to}
                onChange={(e) => actions.setSpan(day, index, 1, e.target.value)}
                className="rounded-lg border border-slate-300 px-2 py-1"
              />
              <Button size="sm" variant="ghost" onClick={() => actions.removeSpan(day, index)} aria-label={`Remove ${name} span ${index + 1}`}>
                Remove
              </Button>
            </div>
          ))}
          <Button size="sm" variant="ghost" className="self-start" onClick={() => actions.addSpan(day)}>
            Add hours on {name}
          </Button>
        </div>
      )}
    </li>
  );
}

import type { AssistantFacts, AssistantFigures, AssistantLanguage, AssistantReply } from '@/shared/api/types';
import { hourLabel } from '@/shared/lib/dates';
import { formatDate, formatMinutes, formatNumber, formatPercent, label } from '../lib/labels';
import { BusiestChart, StaffingChart } from './FactsCharts';
import { FactsTable, type FactsColumn } from './FactsTable';


type Lang = AssistantLanguage;

function WaitFacts({ facts, lang }: { facts: AssistantFacts; lang: Lang }) {
  const services = facts.services ?? [];
  if (services.length === 0) return null;
  return (
    <FactsTable
      caption={label(lang, 'waitCaption')}
      testId="facts-wait"
      rows={services}
      rowData={(s) => ({ 'data-testid': 'facts-wait-row', 'data-service-id': s.service_id, 'data-waiting': s.waiting })}
      columns={[
        { label: label(lang, 'service'), value: (s) => s.service },
        { label: label(lang, 'waiting'), value: (s) => formatNumber(lang, s.waiting), numeric: true },
        { label: label(lang, 'openCounters'), value: (s) => formatNumber(lang, s.open_counters), numeric: true },
        { label: label(lang, 'estimatedWait'), value: (s) => formatMinutes(lang, s.estimated_wait_minutes), numeric: true },
      ]}
    />
  );
}

function StaffingFacts({ facts, lang }: { facts: AssistantFacts; lang: Lang }) {
  const hours = facts.hours ?? [];
  if (hours.length === 0) return null;
  const extra = [
    facts.peak_hour !== undefined && facts.peak_staff !== undefined
      ? label(lang, 'peak', { staff: formatNumber(lang, facts.peak_staff), hour: hourLabel(facts.peak_hour) })
      : null,
    facts.understaffed_hours !== undefined
      ? label(lang, 'understaffed', { n: formatNumber(lang, facts.understaffed_hours) })
      : null,
  ].filter((t): t is string => t !== null);
  return (
    <>
      {hours.length > 1 && (
        <StaffingChart
          rows={hours.map((h) => ({ label: hourLabel(h.hour), recommended: h.recommended_staff, scheduled: h.scheduled_staff }))}
          names={{ recommended: label(lang, 'recommended'), scheduled: label(lang, 'scheduled') }}
          format={(n) => formatNumber(lang, n)}
        />
      )}
      <FactsTable
        caption={label(lang, 'staffingCaption', {
          date: formatDate(lang, facts.date),
          sla: formatNumber(lang, facts.sla_wait_minutes),
        })}
        testId="facts-staffing"
        rows={hours}
        rowData={(h) => ({
          'data-testid': 'facts-staffing-row',
          'data-hour': h.hour,
          'data-recommended': h.recommended_staff,
          'data-scheduled': h.scheduled_staff,
        })}
        columns={[
          { label: label(lang, 'hour'), value: (h) => hourLabel(h.hour) },
          { label: label(lang, 'expected'), value: (h) => formatNumber(lang, h.expected_arrivals), numeric: true },
          { label: label(lang, 'minutesEach'), value: (h) => formatNumber(lang, h.avg_service_minutes), numeric: true },
          {
            label: label(lang, 'recommended'),
            value: (h) => <span className="font-semibold" data-testid="facts-recommended">{formatNumber(lang, h.recommended_staff)}</span>,
            numeric: true,
          },
          {
            label: label(lang, 'scheduled'),
            value: (h) =>
              h.scheduled_staff < h.recommended_staff ? (
                <span className="font-semibold text-red-700">
                  {formatNumber(lang, h.scheduled_staff)} <span className="font-normal">({label(lang, 'short')})</span>
                </span>
              ) : (
                formatNumber(lang, h.scheduled_staff)
              ),
            numeric: true,
          },
        ]}
      />
      {extra.length > 0 && <p className="text-xs text-slate-600">{extra.join(' · ')}</p>}
    </>
  );
}

function BusiestFacts({ facts, lang }: { facts: AssistantFacts; lang: Lang }) {
  const hours = facts.busiest_hours ?? [];
  const days = facts.days ?? [];
  const weeks = formatNumber(lang, facts.weeks ?? 8);
  return (
    <>
      {hours.length > 0 && (
        <>
          <BusiestChart
            rows={hours.map((h) => ({ label: `${h.weekday} ${hourLabel(h.hour)}`, arrivals: h.avg_arrivals }))}
            name={label(lang, 'avgArrivals')}
            format={(n) => formatNumber(lang, n)}
          />
          <FactsTable
            caption={label(lang, 'busiestHoursCaption', { weeks })}
            testId="facts-busiest-hours"
            rows={hours}
            columns={[
              { label: label(lang, 'day'), value: (h) => h.weekday },
              { label: label(lang, 'hour'), value: (h) => hourLabel(h.hour) },
              { label: label(lang, 'avgArrivals'), value: (h) => formatNumber(lang, h.avg_arrivals), numeric: true },
            ]}
          />
        </>
      )}
      {days.length > 0 && (
        <FactsTable
          caption={label(lang, 'daysCaption', { weeks })}
          testId="facts-busiest-days"
          rows={days}
          columns={[
            { label: label(lang, 'day'), value: (d) => d.weekday },
            { label: label(lang, 'avgArrivals'), value: (d) => formatNumber(lang, d.avg_arrivals), numeric: true },
          ]}
        />
      )}
    </>
  );
}

type FigureRow = { key: string; label: string; value: (f: AssistantFigures) => string };

function figureRows(lang: Lang, team: boolean): FigureRow[] {
  const rows: FigureRow[] = [
    { key: 'served', label: label(lang, 'served'), value: (f) => formatNumber(lang, f.served) },
    { key: 'avg_service_minutes', label: label(lang, 'avgService'), value: (f) => formatMinutes(lang, f.avg_service_minutes) },
    { key: 'avg_rating', label: label(lang, 'avgRating'), value: (f) => formatNumber(lang, f.avg_rating) },
    { key: 'no_shows', label: label(lang, 'noShows'), value: (f) => formatNumber(lang, f.no_shows) },
  ];
  if (team) {
    rows.unshift({ key: 'arrivals', label: label(lang, 'arrivals'), value: (f) => formatNumber(lang, f.arrivals) });
    rows.splice(2, 0, { key: 'sla_met_pct', label: label(lang, 'slaMet'), value: (f) => formatPercent(lang, f.sla_met_pct) });
  }
  return rows;
}

function PerformanceFacts({ facts, lang }: { facts: AssistantFacts; lang: Lang }) {
  const today = facts.today;
  if (!today) return null;
  const week = facts.this_week;
  const team = facts.top_staff !== undefined;
  const columns: FactsColumn<FigureRow>[] = [
    { label: label(lang, 'figure'), value: (r) => r.label },
    { label: label(lang, 'today'), value: (r) => r.value(today), numeric: true },
  ];
  if (week) {
    columns.push({
      label: facts.week_from
        ? `${label(lang, 'thisWeek')} (${label(lang, 'weekFrom', { date: formatDate(lang, facts.week_from) })})`
        : label(lang, 'thisWeek'),
      value: (r) => r.value(week),
      numeric: true,
    });
  }
  return (
    <>
      <FactsTable
        caption={label(lang, team ? 'teamFigures' : 'myFigures')}
        testId="facts-performance"
        rows={figureRows(lang, team)}
        rowData={(r) => ({ 'data-testid': 'facts-figure-row', 'data-figure': r.key })}
        columns={columns}
      />
      {facts.top_staff && facts.top_staff.length > 0 && (
        <FactsTable
          caption={label(lang, 'topStaff')}
          testId="facts-top-staff"
          rows={facts.top_staff}
          columns={[
            { label: label(lang, 'name'), value: (s) => s.name },
            { label: label(lang, 'served'), value: (s) => formatNumber(lang, s.served), numeric: true },
          ]}
        />
      )}
    </>
  );
}

function ComplaintFacts({ facts, lang }: { facts: AssistantFacts; lang: Lang }) {
  if (facts.open_complaints === undefined) return null;
  const themes = facts.themes ?? [];
  return (
    <>
      <p className="text-xs font-semibold text-slate-700">
        {label(lang, 'openComplaints', { n: formatNumber(lang, facts.open_complaints) })}
      </p>
      {themes.length > 0 && (
        <FactsTable
          caption={label(lang, 'themesCaption')}
          testId="facts-themes"
          rows={themes}
          columns={[
            {
              label: label(lang, 'phrase'),
              value: (t) => (
                <>
                  <span>“{t.phrase}”</span>
                  {t.examples.map((example, i) => (
                    <span key={i} className="mt-0.5 block font-normal text-slate-600">
                      “{example}”
                    </span>
                  ))}
                </>
              ),
            },
            { label: label(lang, 'count'), value: (t) => formatNumber(lang, t.count), numeric: true },
          ]}
        />
      )}
    </>
  );
}

/** Whether the facts hold anything to show (staff asking a manager's question get none). */
function hasFigures(reply: AssistantReply): boolean {
  const f = reply.facts;
  switch (reply.intent) {
    case 'wait_now':
      return (f.services?.length ?? 0) > 0;
    case 'staffing':
      return (f.hours?.length ?? 0) > 0;
    case 'busiest':
      return (f.busiest_hours?.length ?? 0) > 0 || (f.days?.length ?? 0) > 0;
    case 'performance':
      return f.today !== undefined;
    case 'complaint_themes':
      return f.open_complaints !== undefined;
    default:
      return false;
  }
}

function Figures({ reply }: { reply: AssistantReply }) {
  const { facts, language: lang } = reply;
  switch (reply.intent) {
    case 'wait_now':
      return <WaitFacts facts={facts} lang={lang} />;
    case 'staffing':
      return <StaffingFacts facts={facts} lang={lang} />;
    case 'busiest':
      return <BusiestFacts facts={facts} lang={lang} />;
    case 'performance':
      return <PerformanceFacts facts={facts} lang={lang} />;
    case 'complaint_themes':
      return <ComplaintFacts facts={facts} lang={lang} />;
    default:
      return null;
  }
}

/** The figures behind one answer, as small tables (and a chart where hours are compared). */
export function FactsView({ reply }: { reply: AssistantReply }) {
  const figures = hasFigures(reply);
  const note = reply.facts.note === 'own_department_only' ? label(reply.language, 'ownDepartmentOnly') : null;
  if (!figures && !note) return null;
  return (
    <div
      className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white px-3 py-2"
      data-testid="assistant-facts"
      data-intent={reply.intent}
    >
      {note && (
        <p className="text-xs text-amber-800" data-testid="assistant-note">
          {note}
        </p>
      )}
      {figures && <Figures reply={reply} />}
    </div>
  );
}

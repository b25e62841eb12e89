import type { ReactNode } from 'react';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Spinner } from '@/shared/components/Spinner';
import { formatLongDate } from '@/shared/lib/dates';
import type { DashboardModel } from '../hooks/useDashboard';
import { AlertsList } from './AlertsList';
import { DashboardHeader } from './DashboardHeader';
import { DepartmentTable } from './DepartmentTable';
import { HourlyChart } from './HourlyChart';
import { KpiTiles } from './KpiTiles';
import { ServiceWaits } from './ServiceWaits';
import { StaffTable } from './StaffTable';
import { TrendSection } from './TrendSection';

interface DashboardViewProps {
  model: DashboardModel;
  title: string;
  facts: readonly { term: string; value: string }[];
  scope?: ReactNode;
  /** All departments: where a department's row leads, and department names for the alerts. */
  departmentLink?: (id: number) => string;
  departmentNames?: ReadonlyMap<number, string>;
}

/** The overview of one department, or of all of them: live tiles, charts and tables. */
export function DashboardView({ model, title, facts, scope, departmentLink, departmentNames }: DashboardViewProps) {
  const { summary, staff, trend, alerts } = model;
  const data = summary.data;
  const sla = data?.sla_wait_minutes ?? null;
  const dayLabel = model.date ? (model.isToday ? 'Today' : formatLongDate(model.date)) : 'Today';
  return (
    <div
      data-testid="dashboard"
      data-department-id={model.departmentId ?? 'all'}
      data-date={model.date ?? ''}
      data-connection={model.connection}
      data-fetching={summary.isFetching ? 'true' : 'false'}
    >
      <DashboardHeader
        title={title}
        facts={facts}
        date={model.date}
        isToday={model.isToday}
        onDate={model.setDate}
        connection={model.connection}
        scope={scope}
      />

      {summary.isPending && <Spinner label="Loading the figures…" />}
      {summary.isError && !data && <ErrorNotice error={summary.error} onRetry={() => summary.refetch()} />}
      {data && <KpiTiles summary={data} />}

      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
        {data && <HourlyChart hours={data.by_hour} timezone={data.timezone} slaMinutes={sla} />}
        <div className="flex flex-col lg:row-span-2 [&>section]:flex-1">
          <AlertsList
            alerts={alerts.data}
            pending={alerts.isPending}
            error={alerts.error}
            onRetry={() => alerts.refetch()}
            departmentNames={departmentNames}
          />
        </div>
        {data && (
          <div className="lg:col-span-2">
            <ServiceWaits services={data.by_service} slaMinutes={sla} departmentNames={departmentNames} />
          </div>
        )}
        {data?.by_department && departmentLink && <DepartmentTable rows={data.by_department} linkTo={departmentLink} />}
        <StaffTable
          rows={staff.data?.items}
          pending={staff.isPending}
          error={staff.error}
          onRetry={() => staff.refetch()}
          dayLabel={dayLabel}
        />
        <TrendSection
          trend={trend.data}
          pending={trend.isPending}
          error={trend.error}
          onRetry={() => trend.refetch()}
          from={model.rangeFrom}
          to={model.rangeTo}
          rangeError={model.rangeError}
          onRange={model.setRange}
          slaMinutes={sla}
          onExport={model.exportCsv}
          exporting={model.exporting}
          exportError={model.exportError}
        />
      </div>
    </div>
  );
}

import { useParams } from 'react-router';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { Spinner } from '@/shared/components/Spinner';
import { parseId } from '@/shared/lib/parseId';
import { ClosedNotice } from '../components/ClosedNotice';
import { KioskHeader } from '../components/KioskHeader';
import { ServiceGrid } from '../components/ServiceGrid';
import { TicketView } from '../components/TicketView';
import { useKiosk } from '../hooks/useKiosk';

export function KioskRoute() {
  const departmentId = parseId(useParams().departmentId);
  const kiosk = useKiosk(departmentId);
  const { departments, department } = kiosk;

  return (
    <div className="flex min-h-full flex-col bg-slate-100" data-testid="kiosk">
      <KioskHeader title={department?.name ?? 'Take a ticket'} connection={departmentId === null ? null : kiosk.connection} />
      <main className="flex flex-1 flex-col justify-center px-10 py-10">
        <KioskBody kiosk={kiosk} departmentsPending={departments.isPending} />
        {departments.isError && !departments.data && (
          <ErrorNotice size="large" error={departments.error} onRetry={() => departments.refetch()} />
        )}
      </main>
    </div>
  );
}

function KioskBody({
  kiosk,
  departmentsPending,
}: {
  kiosk: ReturnType<typeof useKiosk>;
  departmentsPending: boolean;
}) {
  const { department, ticket } = kiosk;
  if (departmentsPending) return <Spinner className="justify-center text-3xl" />;
  if (!kiosk.departments.data) return null;
  if (!department) {
    return <p className="text-center text-3xl text-slate-700" data-testid="kiosk-not-found">This department does not exist.</p>;
  }
  if (ticket) return <TicketView ticket={ticket} secondsLeft={kiosk.secondsLeft} onDone={kiosk.reset} />;
  if (!department.open_now) return <ClosedNotice departmentName={department.name} />;
  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-8">
      {kiosk.issueError != null && (
        <ErrorNotice size="large" error={kiosk.issueError} onRetry={kiosk.reset} retryLabel="OK" />
      )}
      <ServiceGrid
        services={kiosk.services}
        pressedServiceId={kiosk.pressedServiceId}
        isIssuing={kiosk.isIssuing}
        onPress={kiosk.takeTicket}
      />
    </div>
  );
}

import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { ErrorNotice } from '@/shared/components/ErrorNotice';
import { parseId } from '@/shared/lib/parseId';
import { counterName } from '../api/getDisplay';
import { BoardHeader } from '../components/BoardHeader';
import { NowServingList } from '../components/NowServingList';
import { SoundToggle } from '../components/SoundToggle';
import { WaitingPanel } from '../components/WaitingPanel';
import { useAnnouncer } from '../hooks/useAnnouncer';
import { announcementText } from '../lib/announcement';
import { useDisplayBoard } from '../hooks/useDisplayBoard';

export function DisplayRoute() {
  const departmentId = parseId(useParams().departmentId);
  if (departmentId === null) {
    return (
      <BoardShell>
        <p className="p-[3vw] text-4xl text-slate-300">No such display board.</p>
      </BoardShell>
    );
  }
  // Keyed so that switching boards starts from a clean state.
  return <DisplayBoard key={departmentId} departmentId={departmentId} />;
}

function DisplayBoard({ departmentId }: { departmentId: number }) {
  const sound = useAnnouncer();
  const { snapshot, connection, missing } = useDisplayBoard(departmentId, {
    onCall: (event) => {
      const ticket = event.ticket;
      if (!ticket?.ticket_number) return;
      const counter = event.counter ?? ticket.counter ?? null;
      sound.announce(announcementText(ticket.ticket_number, counter ? counterName(counter) : null));
    },
  });
  const data = snapshot.data;
  return (
    <BoardShell seq={data?.seq}>
      <BoardHeader
        title={data?.department.name ?? 'Display board'}
        connection={missing ? null : connection}
        controls={missing ? null : <SoundToggle state={sound.state} onEnable={sound.enable} onDisable={sound.disable} />}
      />
      {!data && snapshot.isError && (
        <div className="p-[3vw]">
          <ErrorNotice size="large" error={snapshot.error} />
        </div>
      )}
      {!data && snapshot.isPending && snapshot.failureCount > 0 && (
        <div className="p-[3vw]">
          <ErrorNotice size="large" error={snapshot.failureReason} />
        </div>
      )}
      {!data && snapshot.isPending && snapshot.failureCount === 0 && (
        <p className="p-[3vw] text-4xl text-slate-400" role="status">
          Loading…
        </p>
      )}
      {data && (
        <main className="grid min-h-0 flex-1 grid-cols-3 gap-[3vw] px-[3vw] py-[3vh]">
          <div className="col-span-2 min-h-0 overflow-hidden">
            <NowServingList entries={data.now_serving} />
          </div>
          <div className="min-h-0 overflow-hidden">
            <WaitingPanel services={data.waiting} />
          </div>
        </main>
      )}
    </BoardShell>
  );
}

function BoardShell({ children, seq }: { children: ReactNode; seq?: number }) {
  return (
    <div
      data-testid="display-board"
      data-seq={seq}
      className="flex h-full min-h-screen flex-col overflow-hidden bg-slate-950 text-slate-100"
    >
      {children}
    </div>
  );
}

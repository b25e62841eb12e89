export function ClosedNotice({ departmentName }: { departmentName: string }) {
  return (
    <section
      data-testid="kiosk-closed"
      role="status"
      className="mx-auto max-w-3xl rounded-3xl bg-white p-12 text-center shadow-xl ring-1 ring-slate-200"
    >
      <p className="text-6xl font-black text-slate-800">Closed</p>
      <p className="mt-6 text-3xl text-slate-700">{departmentName} is closed right now.</p>
      <p className="mt-3 text-2xl text-slate-500">No tickets can be taken. Please come back during opening hours.</p>
    </section>
  );
}

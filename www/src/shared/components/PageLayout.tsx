import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface PageLayoutProps {
  title?: string;
  children: ReactNode;
}

/** The plain layout of the ordinary pages (not kiosk or board, which fill the screen). */
export function PageLayout({ title, children }: PageLayoutProps) {
  return (
    <div className="min-h-full bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-6 py-4">
          <Link to="/" className="text-xl font-bold tracking-tight text-indigo-700">
            QStream
          </Link>
          <div className="flex items-center gap-4">
            {title && <span className="text-slate-500">{title}</span>}
            <Link to="/login" className="text-sm font-medium text-indigo-700 hover:underline" data-testid="staff-sign-in">
              Staff sign in
            </Link>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
    </div>
  );
}

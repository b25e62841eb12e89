import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { Button } from './Button';

export interface NavItem {
  to: string;
  label: string;
  /** Match the path exactly (for a section's home). */
  end?: boolean;
}

interface AppLayoutProps {
  nav: readonly NavItem[];
  homePath: string;
  userName: string;
  roleLabel: string;
  departmentName?: string | null;
  onSignOut: () => void;
  signingOut: boolean;
  children: ReactNode;
}

/** The signed-in layout: the role's navigation, who is signed in, and Sign out. */
export function AppLayout({
  nav,
  homePath,
  userName,
  roleLabel,
  departmentName,
  onSignOut,
  signingOut,
  children,
}: AppLayoutProps) {
  return (
    <div className="min-h-full bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-3">
          <div className="flex flex-wrap items-center gap-6">
            <Link to={homePath} className="text-xl font-bold tracking-tight text-indigo-700">
              QStream
            </Link>
            <nav aria-label="Main" data-testid="main-nav">
              <ul className="flex flex-wrap gap-1">
                {nav.map((item) => (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      end={item.end}
                      className={({ isActive }) =>
                        `block rounded-lg px-3 py-2 text-sm font-medium ${
                          isActive ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700 hover:bg-slate-100'
                        }`
                      }
                    >
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-right leading-tight" data-testid="signed-in-as">
              <span className="block font-medium text-slate-900">{userName}</span>
              <span className="block text-xs text-slate-500">
                {roleLabel}
                {departmentName ? ` · ${departmentName}` : ''}
              </span>
            </span>
            <NavLink
              to="/account/password"
              className={({ isActive }) =>
                `rounded-lg px-3 py-2 font-medium ${isActive ? 'bg-indigo-50 text-indigo-800' : 'text-slate-700 hover:bg-slate-100'}`
              }
            >
              Change password
            </NavLink>
            <Button size="sm" variant="secondary" onClick={onSignOut} disabled={signingOut}>
              {signingOut ? 'Signing out…' : 'Sign out'}
            </Button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}

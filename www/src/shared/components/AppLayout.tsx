import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { AccountMenu } from './AccountMenu';
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

/**
 * The signed-in layout: the role's navigation, who is signed in (their
 * account's links behind their name), and Sign out.
 *
 * From `lg` up it is one line: the logo, the navigation, the account (the
 * admin's items fit at 1280 px; should they not, the account moves to a line
 * of its own). Below `lg` the logo and the account share the first line (a
 * long name is shortened, never pushed off the screen) and the navigation
 * wraps on the lines under it, so a phone never scrolls sideways.
 */
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
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <Link to={homePath} className="text-xl font-bold tracking-tight text-indigo-700">
            QStream
          </Link>
          <nav aria-label="Main" data-testid="main-nav" className="order-last w-full lg:order-none lg:w-auto">
            <ul className="flex flex-wrap gap-1">
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.end}
                    className={({ isActive }) =>
                      `block rounded-lg px-2.5 py-2 text-sm font-medium whitespace-nowrap ${
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
          <div className="flex min-w-0 flex-1 items-center justify-end gap-2 lg:ml-auto lg:flex-none">
            <AccountMenu userName={userName} roleLabel={roleLabel} departmentName={departmentName} />
            <Button size="sm" variant="secondary" className="shrink-0" onClick={onSignOut} disabled={signingOut}>
              {signingOut ? 'Signing out…' : 'Sign out'}
            </Button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}

import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { LoginRoute } from '@/features/auth/routes/LoginRoute';
import { DisplayRoute } from '@/features/display/routes/DisplayRoute';
import { HomeRoute } from '@/features/home/routes/HomeRoute';
import { KioskRoute } from '@/features/kiosk/routes/KioskRoute';
import { TrackRoute } from '@/features/tracking/routes/TrackRoute';
import type { Role } from '@/shared/api/types';
import { RequireRole } from '@/shared/auth';
import { NotFound } from '@/shared/components/NotFound';
import { Spinner } from '@/shared/components/Spinner';

/*
 * Code splitting. The public screens (home, kiosk, display board, tracking
 * page, login) are in the entry chunk; everything behind a sign-in is fetched
 * only when someone signed in opens it: the signed-in layout, and each screen
 * in a chunk of its own (what several share, Vite puts in a shared chunk). So a
 * kiosk or a board in the hall never downloads the back office, and the
 * tracking page opened from a QR code on a phone loads as little as it can.
 * bench/bundles.sh measures what each screen loads.
 *
 * The route guard (RequireRole) stays in the entry: it decides at once between
 * "restoring your session", the redirect to /login and the screen, so a
 * signed-in person never sees the login redirect while a chunk loads.
 */

/** `React.lazy` for a module's named export (the feature folders export no defaults). */
function lazyNamed<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] }), recoverFromMissingChunk));
}

const CHUNK_RELOAD_KEY = 'qstream.chunk-reload';
/** A second failure this soon after a reload is not a new version: let it fail. */
const CHUNK_RELOAD_EVERY_MS = 30_000;

/**
 * A screen's chunk could not be fetched. In a tab left open, most likely a new
 * version was installed meanwhile and the old chunks are gone: load the page
 * again, at the same address (the spinner stays until it reloads). Offline,
 * wait for the network first. A failure right after such a reload is real.
 */
function recoverFromMissingChunk(error: unknown): Promise<never> {
  const forever = new Promise<never>(() => {});
  if (!navigator.onLine) {
    window.addEventListener('online', () => window.location.reload(), { once: true });
    return forever;
  }
  try {
    const last = Number(sessionStorage.getItem(CHUNK_RELOAD_KEY) ?? 0);
    if (Date.now() - last > CHUNK_RELOAD_EVERY_MS) {
      sessionStorage.setItem(CHUNK_RELOAD_KEY, String(Date.now()));
      window.location.reload();
      return forever;
    }
  } catch {
    // No session storage: no way to tell a reload loop apart; fail.
  }
  return Promise.reject(error instanceof Error ? error : new Error(String(error)));
}

const loadSignedInLayout = () => import('./SignedInLayout');
const SignedInLayout = lazyNamed(loadSignedInLayout, 'SignedInLayout');

const ChangePasswordRoute = lazyNamed(() => import('@/features/auth/routes/ChangePasswordRoute'), 'ChangePasswordRoute');
const ComplaintsRoute = lazyNamed(() => import('@/features/complaints/routes/ComplaintsRoute'), 'ComplaintsRoute');
const CountersRoute = lazyNamed(() => import('@/features/counters/routes/CountersRoute'), 'CountersRoute');
const StaffDeskRoute = lazyNamed(() => import('@/features/desk/routes/StaffDeskRoute'), 'StaffDeskRoute');
const DepartmentEditRoute = lazyNamed(() => import('@/features/departments/routes/DepartmentEditRoute'), 'DepartmentEditRoute');
const DepartmentsRoute = lazyNamed(() => import('@/features/departments/routes/DepartmentsRoute'), 'DepartmentsRoute');
const ServicesRoute = lazyNamed(() => import('@/features/services/routes/ServicesRoute'), 'ServicesRoute');
const SettingsRoute = lazyNamed(() => import('@/features/settings/routes/SettingsRoute'), 'SettingsRoute');
const UsersRoute = lazyNamed(() => import('@/features/users/routes/UsersRoute'), 'UsersRoute');

// The dashboards carry the chart library: a chunk of their own, fetched only
// when one is opened, so that the kiosk and the display board never load it.
const loadDashboard = () => import('@/features/dashboard/routes/DashboardRoutes');
const ManagerDashboardRoute = lazyNamed(loadDashboard, 'ManagerDashboardRoute');
const AdminDashboardRoute = lazyNamed(loadDashboard, 'AdminDashboardRoute');
// The week grid draws its coverage with the chart library too; "My schedule" does not.
const ScheduleRoute = lazyNamed(() => import('@/features/schedule/routes/ScheduleRoute'), 'ScheduleRoute');
const MyScheduleRoute = lazyNamed(() => import('@/features/schedule/routes/MyScheduleRoute'), 'MyScheduleRoute');

// The API reference carries Swagger UI (about 420 KB gzipped): a chunk of its
// own, public like the OpenAPI document, fetched only when /docs is opened.
const DocsRoute = lazyNamed(() => import('@/features/docs/routes/DocsRoute'), 'DocsRoute');

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spinner label="Loading the dashboard…" />}>{children}</Suspense>;
}

/**
 * The guard of a signed-in area, and its layout. The layout's chunk starts
 * loading as soon as the guard shows (while the session is still being
 * restored, in parallel with the token refresh); until it is there, the same
 * centred spinner as the guard's "Restoring your session…". The screens
 * themselves load inside the layout (SignedInLayout's own Suspense), so the
 * header stays while one does.
 */
function SignedInArea({ roles }: { roles?: readonly Role[] }) {
  loadSignedInLayout().catch(() => {
    // The lazy layout tries again, and recovers.
  });
  return <RequireRole roles={roles} />;
}

function LayoutFallback() {
  return (
    <div className="flex min-h-full flex-col items-center justify-center gap-3 p-8 text-slate-700">
      <Spinner />
    </div>
  );
}

function Layout() {
  return (
    <Suspense fallback={<LayoutFallback />}>
      <SignedInLayout />
    </Suspense>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomeRoute />} />
      <Route path="/kiosk/:departmentId" element={<KioskRoute />} />
      <Route path="/display/:departmentId" element={<DisplayRoute />} />
      <Route path="/t/:publicId" element={<TrackRoute />} />
      <Route path="/login" element={<LoginRoute />} />
      <Route
        path="/docs"
        element={
          <Suspense fallback={<Spinner label="Loading the API reference…" />}>
            <DocsRoute />
          </Suspense>
        }
      />

      <Route element={<SignedInArea />}>
        <Route element={<Layout />}>
          <Route path="/account/password" element={<ChangePasswordRoute />} />
        </Route>
      </Route>

      <Route element={<SignedInArea roles={['admin']} />}>
        <Route path="/admin" element={<Layout />}>
          <Route index element={<DepartmentsRoute />} />
          <Route
            path="dashboard"
            element={
              <Lazy>
                <AdminDashboardRoute />
              </Lazy>
            }
          />
          <Route path="departments/:id" element={<DepartmentEditRoute />} />
          <Route path="services" element={<ServicesRoute />} />
          <Route path="counters" element={<CountersRoute />} />
          <Route path="users" element={<UsersRoute />} />
          <Route path="schedule" element={<ScheduleRoute />} />
          <Route path="settings" element={<SettingsRoute />} />
          <Route path="complaints" element={<ComplaintsRoute />} />
        </Route>
      </Route>

      <Route element={<SignedInArea roles={['manager']} />}>
        <Route path="/manager" element={<Layout />}>
          <Route
            index
            element={
              <Lazy>
                <ManagerDashboardRoute />
              </Lazy>
            }
          />
          <Route path="services" element={<ServicesRoute />} />
          <Route path="counters" element={<CountersRoute />} />
          <Route path="users" element={<UsersRoute />} />
          <Route path="schedule" element={<ScheduleRoute />} />
          <Route path="complaints" element={<ComplaintsRoute />} />
        </Route>
      </Route>

      <Route element={<SignedInArea roles={['staff']} />}>
        <Route path="/staff" element={<Layout />}>
          <Route index element={<StaffDeskRoute />} />
          <Route path="schedule" element={<MyScheduleRoute />} />
          <Route path="services" element={<ServicesRoute />} />
        </Route>
      </Route>

      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { ChangePasswordRoute } from '@/features/auth/routes/ChangePasswordRoute';
import { LoginRoute } from '@/features/auth/routes/LoginRoute';
import { ComplaintsRoute } from '@/features/complaints/routes/ComplaintsRoute';
import { CountersRoute } from '@/features/counters/routes/CountersRoute';
import { StaffDeskRoute } from '@/features/desk/routes/StaffDeskRoute';
import { DepartmentEditRoute } from '@/features/departments/routes/DepartmentEditRoute';
import { DepartmentsRoute } from '@/features/departments/routes/DepartmentsRoute';
import { DisplayRoute } from '@/features/display/routes/DisplayRoute';
import { HomeRoute } from '@/features/home/routes/HomeRoute';
import { KioskRoute } from '@/features/kiosk/routes/KioskRoute';
import { ServicesRoute } from '@/features/services/routes/ServicesRoute';
import { SettingsRoute } from '@/features/settings/routes/SettingsRoute';
import { TrackRoute } from '@/features/tracking/routes/TrackRoute';
import { UsersRoute } from '@/features/users/routes/UsersRoute';
import { RequireRole } from '@/shared/auth';
import { NotFound } from '@/shared/components/NotFound';
import { Spinner } from '@/shared/components/Spinner';
import { SignedInLayout } from './SignedInLayout';

// The dashboards carry the chart library: a chunk of their own, fetched only
// when one is opened, so that the kiosk and the display board never load it.
const loadDashboard = () => import('@/features/dashboard/routes/DashboardRoutes');
const ManagerDashboardRoute = lazy(() => loadDashboard().then((m) => ({ default: m.ManagerDashboardRoute })));
const AdminDashboardRoute = lazy(() => loadDashboard().then((m) => ({ default: m.AdminDashboardRoute })));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spinner label="Loading the dashboard…" />}>{children}</Suspense>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomeRoute />} />
      <Route path="/kiosk/:departmentId" element={<KioskRoute />} />
      <Route path="/display/:departmentId" element={<DisplayRoute />} />
      <Route path="/t/:publicId" element={<TrackRoute />} />
      <Route path="/login" element={<LoginRoute />} />

      <Route element={<RequireRole />}>
        <Route element={<SignedInLayout />}>
          <Route path="/account/password" element={<ChangePasswordRoute />} />
        </Route>
      </Route>

      <Route element={<RequireRole roles={['admin']} />}>
        <Route path="/admin" element={<SignedInLayout />}>
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
          <Route path="settings" element={<SettingsRoute />} />
          <Route path="complaints" element={<ComplaintsRoute />} />
        </Route>
      </Route>

      <Route element={<RequireRole roles={['manager']} />}>
        <Route path="/manager" element={<SignedInLayout />}>
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
          <Route path="complaints" element={<ComplaintsRoute />} />
        </Route>
      </Route>

      <Route element={<RequireRole roles={['staff']} />}>
        <Route path="/staff" element={<SignedInLayout />}>
          <Route index element={<StaffDeskRoute />} />
          <Route path="services" element={<ServicesRoute />} />
        </Route>
      </Route>

      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

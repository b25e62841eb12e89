import { Route, Routes } from 'react-router';
import { DisplayRoute } from '@/features/display/routes/DisplayRoute';
import { HomeRoute } from '@/features/home/routes/HomeRoute';
import { KioskRoute } from '@/features/kiosk/routes/KioskRoute';
import { NotFound } from '@/shared/components/NotFound';

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomeRoute />} />
      <Route path="/kiosk/:departmentId" element={<KioskRoute />} />
      <Route path="/display/:departmentId" element={<DisplayRoute />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

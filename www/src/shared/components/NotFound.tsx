import { Link } from 'react-router';
import { PageLayout } from './PageLayout';

export function NotFound() {
  return (
    <PageLayout>
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2 text-slate-600">
        <Link to="/" className="text-indigo-700 underline">
          Back to the start page
        </Link>
      </p>
    </PageLayout>
  );
}

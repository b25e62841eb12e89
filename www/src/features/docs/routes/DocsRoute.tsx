import { Link } from 'react-router';
import SwaggerUI from 'swagger-ui-react';
import 'swagger-ui-react/swagger-ui.css';
import { API_BASE } from '@/shared/api/client';

/** The document the workers serve (fcgi/openapi.json): the page shows what runs, not a copy. */
const OPENAPI_URL = `${API_BASE}/openapi.json`;

/**
 * `/docs`: the REST API's reference, rendered from `GET /api/v1/openapi.json`
 * by Swagger UI. Public, like the document itself (it names routes and
 * shapes, never data). Swagger UI is large, so this module is a chunk of its
 * own (app/router.tsx), fetched only when someone opens the page; it loads
 * nothing from outside this origin (tests/e2e/docs.test.mjs checks), and
 * "Try it out" sends requests to this same API.
 */
export function DocsRoute() {
  return (
    <div className="min-h-full bg-white">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-baseline gap-3 px-6 py-4">
          <Link to="/" className="text-xl font-bold tracking-tight text-indigo-700">
            QStream
          </Link>
          <h1 className="text-slate-600">API reference</h1>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-2 py-2 sm:px-4" data-testid="api-docs">
        <SwaggerUI
          url={OPENAPI_URL}
          docExpansion="list"
          defaultModelsExpandDepth={0}
          deepLinking
          filter
          // never take a `?url=` from the address bar: a link could make this page show another document
          queryConfigEnabled={false}
          // a pasted token stays in this tab only
          persistAuthorization={false}
        />
      </main>
    </div>
  );
}

// Log-in bootstrap: nobody → the log-in page; a role that must enrol a second factor → the
// enrolment page and nothing else; everyone else → the shell with the modules they may use.
import { Suspense, lazy } from 'react';
import { Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { useSession } from '../lib/session.js';
import { useCan } from '../lib/ability.js';
import { useI18n } from '../lib/i18n.js';
import { MODULES, type ModuleDef } from './modules.js';
import { AppLayout } from './layout/app-layout.js';
import LoginPage from '../features/auth/login.page.js';

const EnrolTotpPage = lazy(() => import('../features/auth/enrol-totp.page.js'));
const SettingsPage = lazy(() => import('../features/account/settings.page.js'));

export function FullPageSpin() {
  return (
    <div style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

function ToLogin() {
  const loc = useLocation();
  const next = loc.pathname === '/' ? '' : `?next=${encodeURIComponent(loc.pathname + loc.search)}`;
  return <Navigate to={`/login${next}`} replace />;
}

function AfterLogin() {
  const [params] = useSearchParams();
  const next = params.get('next');
  // Only paths inside this app: an absolute URL in ?next= must not send the person elsewhere.
  return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
}

function Guarded({ mod }: { mod: ModuleDef }) {
  const can = useCan();
  const { t } = useI18n();
  if (!can(mod.need)) return <Result status="403" title="403" subTitle={t('common.noAccess')} />;
  const Page = mod.page;
  return <Page />;
}

function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

export function AppRoutes() {
  const { me, loading } = useSession();
  if (loading) return <FullPageSpin />;
  if (!me) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<ToLogin />} />
      </Routes>
    );
  }
  if (me.mfaState === 'enrol') {
    return (
      <Suspense fallback={<FullPageSpin />}>
        <EnrolTotpPage />
      </Suspense>
    );
  }
  return (
    <Routes>
      <Route path="/login" element={<AfterLogin />} />
      <Route element={<AppLayout />}>
        {MODULES.map((m) => (
          <Route key={m.key} path={m.path === '/' ? '/' : `${m.path}/*`} element={<Guarded mod={m} />} />
        ))}
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

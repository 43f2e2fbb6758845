// Entry of the outgoing screens (sub-routes live under /outgoing/*).
import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import OutgoingHome from './outgoing-home.page.js';

const DraftPage = lazy(() => import('./draft.page.js'));
const DocumentPage = lazy(() => import('./document.page.js'));
const RegisterPrintPage = lazy(() => import('./register-print.page.js'));

export default function OutgoingPage() {
  return (
    <Routes>
      <Route index element={<OutgoingHome />} />
      <Route path="new" element={<DraftPage />} />
      <Route path="register/print" element={<RegisterPrintPage />} />
      <Route path=":id" element={<DocumentPage />} />
      <Route path=":id/edit" element={<DraftPage />} />
    </Routes>
  );
}

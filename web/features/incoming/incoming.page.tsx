// Entry of the incoming screens (sub-routes live under /incoming/*).
import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import InboxPage from './inbox.page.js';

// The desk, the batch and the printable sheets are each one person's screen: loaded when opened.
const DeskPage = lazy(() => import('./desk.page.js'));
const BatchPage = lazy(() => import('./batch.page.js'));
const DocumentPage = lazy(() => import('./document.page.js'));
const SlipPage = lazy(() => import('./slip.page.js'));
const StampPage = lazy(() => import('./stamp.page.js'));
const RegisterPrintPage = lazy(() => import('./register-print.page.js'));

export default function IncomingPage() {
  return (
    <Routes>
      <Route index element={<InboxPage />} />
      <Route path="new" element={<DeskPage />} />
      <Route path="batch" element={<BatchPage />} />
      <Route path="register/print" element={<RegisterPrintPage />} />
      <Route path=":id" element={<DocumentPage />} />
      <Route path=":id/slip" element={<SlipPage />} />
      <Route path=":id/stamp" element={<StampPage />} />
    </Routes>
  );
}

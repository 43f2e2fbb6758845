// Entry of the 督查督办 screens (sub-routes live under /supervision/*).
import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import SupervisionHome from './home.page.js';

const DeskPage = lazy(() => import('./desk.page.js'));
const ItemPage = lazy(() => import('./item.page.js'));
const DirectivePage = lazy(() => import('./directive.page.js'));
const DirectiveFormPage = lazy(() => import('./directive.form.page.js'));
const DirectiveReportPage = lazy(() => import('./directive-report.page.js'));
const CoordinationPage = lazy(() => import('./coordination.page.js'));

export default function SupervisionPage() {
  return (
    <Routes>
      <Route index element={<SupervisionHome />} />
      <Route path="new" element={<DeskPage />} />
      <Route path="directives/new" element={<DirectiveFormPage />} />
      <Route path="directives/:id" element={<DirectivePage />} />
      <Route path="directives/:id/edit" element={<DirectiveFormPage />} />
      <Route path="directives/:id/report" element={<DirectiveReportPage />} />
      <Route path="coordinations/:id" element={<CoordinationPage />} />
      <Route path=":id" element={<ItemPage />} />
    </Routes>
  );
}

// Entry of the 督查督办 screens (sub-routes live under /supervision/*).
import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import SupervisionHome from './home.page.js';

const DeskPage = lazy(() => import('./desk.page.js'));
const ItemPage = lazy(() => import('./item.page.js'));

export default function SupervisionPage() {
  return (
    <Routes>
      <Route index element={<SupervisionHome />} />
      <Route path="new" element={<DeskPage />} />
      <Route path=":id" element={<ItemPage />} />
    </Routes>
  );
}

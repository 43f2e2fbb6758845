// Entry of the search screens (sub-routes live under /search/*).
import { Routes, Route } from 'react-router-dom';

export default function SearchPage() {
  return (
    <Routes>
      <Route index element={null} />
    </Routes>
  );
}

// Entry of the incoming screens (sub-routes live under /incoming/*).
import { Routes, Route } from 'react-router-dom';

export default function IncomingPage() {
  return (
    <Routes>
      <Route index element={null} />
    </Routes>
  );
}

// Entry of the outgoing screens (sub-routes live under /outgoing/*).
import { Routes, Route } from 'react-router-dom';

export default function OutgoingPage() {
  return (
    <Routes>
      <Route index element={null} />
    </Routes>
  );
}

// A list the server pages by cursor (`before` = the last id shown): first page on any change of
// the query, more on demand; a newer load wins over an older one.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useFeedback } from '../../lib/use-feedback.js';

export function usePaged<T extends { id: string }>(load: (before?: string) => Promise<{ items: T[]; total: number; totalCapped?: boolean }>, deps: readonly unknown[], pageSize = 50) {
  const fb = useFeedback();
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [totalCapped, setTotalCapped] = useState(false);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const fetchPage = useCallback(async (before?: string) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const r = await load(before);
      if (mine !== seq.current) return;
      setItems((old) => (before ? [...old, ...r.items] : r.items));
      setTotal(r.total);
      setTotalCapped(!!r.totalCapped);
      setMore(r.items.length === pageSize);
    } catch (e) {
      if (mine === seq.current) fb.error(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void fetchPage();
  }, [fetchPage]);
  return { items, total, totalCapped, more, loading, reload: () => void fetchPage(), loadMore: () => void fetchPage(items[items.length - 1]?.id) };
}

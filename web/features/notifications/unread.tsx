// The unread count, pushed live by the server (SSE, event 'unread'). Only the count travels on the
// stream; the list is fetched when someone looks at it. `changes` lets lists refetch on a push.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

interface Unread {
  unread: number;
  changes: number;
  setUnread(n: number): void;
}

const UnreadContext = createContext<Unread>({ unread: 0, changes: 0, setUnread: () => {} });

export function UnreadProvider({ children }: { children: ReactNode }) {
  const [unread, setUnread] = useState(0);
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    // EventSource reconnects by itself after a network drop; a 401 (session gone) closes it for good.
    const es = new EventSource('/api/v1/notifications/stream');
    es.addEventListener('unread', (ev) => {
      try {
        setUnread(Number(JSON.parse((ev as MessageEvent).data).unread) || 0);
        setChanges((c) => c + 1);
      } catch {
        /* a malformed event is ignored; the next one corrects the count */
      }
    });
    return () => es.close();
  }, []);
  const value = useMemo(() => ({ unread, changes, setUnread }), [unread, changes]);
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}

export const useUnread = () => useContext(UnreadContext);

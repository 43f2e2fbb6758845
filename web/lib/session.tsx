// Who is logged in: /me loaded at start, replaced at log-in, cleared at log-out or when the server
// says the session is gone. The CSRF token of the session goes to the API client from here.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Capability, Role } from '../../common/roles.js';
import { api, ApiError, setCsrfToken, setSessionEndedHandler } from './api.js';
import { setCompanyTimeZone } from './format.js';

export interface Me {
  id: string;
  name: string;
  username: string;
  position: string;
  email: string | null;
  phone: string | null;
  department: { id: string; name: string };
  roles: Role[];
  capabilities: Capability[];
  clearance: number;
  contentCeiling: number;
  totpEnabled: boolean;
  mfaState: 'ok' | 'enrol';
  csrfToken: string | null;
  timeZone: string;
}

interface Session {
  me: Me | null;
  loading: boolean;
  /** True when the last session ended without the user logging out (expiry, disabling). */
  expired: boolean;
  signedIn(me: Me): void;
  refresh(): Promise<Me | null>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);

  const signedIn = useCallback((m: Me) => {
    setCsrfToken(m.csrfToken);
    setCompanyTimeZone(m.timeZone);
    setExpired(false);
    setMe(m);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const m = await api.get<Me>('/api/v1/me');
      signedIn(m);
      return m;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(null);
        setMe(null);
        return null;
      }
      throw e;
    }
  }, [signedIn]);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout', {}, { quietAuth: true });
    } finally {
      setCsrfToken(null);
      setMe(null);
    }
  }, []);

  useEffect(() => {
    setSessionEndedHandler(() => {
      setCsrfToken(null);
      setMe((current) => {
        if (current) setExpired(true);
        return null;
      });
    });
    refresh()
      .catch(() => setMe(null))
      .finally(() => setLoading(false));
    return () => setSessionEndedHandler(null);
  }, [refresh]);

  const value = useMemo(() => ({ me, loading, expired, signedIn, refresh, logout }), [me, loading, expired, signedIn, refresh, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The logged-in person; only for components rendered inside the authenticated shell. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

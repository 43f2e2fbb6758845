import { api } from '../../lib/api.js';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const tokensApi = {
  list: () => api.get<{ items: ApiToken[] }>('/api/v1/me/tokens').then((r) => r.items),
  create: (name: string) => api.post<{ id: string; token: string }>('/api/v1/me/tokens', { name }),
  revoke: (id: string) => api.delete<{ ok: true }>(`/api/v1/me/tokens/${id}`),
};

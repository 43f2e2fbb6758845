import { api } from '../../lib/api.js';

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  recordType: string | null;
  recordId: string | null;
  createdAt: string;
  readAt: string | null;
}

export const notificationsApi = {
  list: (q: { unread?: boolean; limit?: number; before?: string } = {}) => api.get<{ unread: number; items: Notification[] }>('/api/v1/notifications', { limit: 20, ...q }),
  markRead: (ids: string[]) => api.post<{ unread: number }>('/api/v1/notifications/read', { ids }),
  markAllRead: () => api.post<{ unread: number }>('/api/v1/notifications/read', { all: true }),
};

import { api } from '../../lib/api.js';
import type { Me } from '../../lib/session.js';

export const authApi = {
  login: (body: { username: string; password: string; totp?: string }) => api.post<Me>('/api/v1/auth/login', body, { quietAuth: true }),
  startTotp: () => api.post<{ secret: string; otpauthUri: string; qrDataUrl: string }>('/api/v1/me/totp/start'),
  confirmTotp: (code: string) => api.post<{ ok: true }>('/api/v1/me/totp/confirm', { code }),
  disableTotp: (password: string) => api.post<{ ok: true }>('/api/v1/me/totp/disable', { password }),
  changePassword: (currentPassword: string, newPassword: string) => api.post<{ ok: true }>('/api/v1/me/password', { currentPassword, newPassword }),
};

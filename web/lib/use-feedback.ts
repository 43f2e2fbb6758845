// Shows the server's message for a failed request; a stale write (409) asks to refresh, and the
// caller's reload runs so the page shows the current record.
import { App } from 'antd';
import { ApiError } from './api.js';
import { useI18n } from './i18n.js';

export function useFeedback() {
  const { message } = App.useApp();
  const { t } = useI18n();
  return {
    message,
    ok: (text: string) => message.success(text),
    error(e: unknown, onStale?: () => void) {
      if (e instanceof ApiError) {
        if (e.code === 'stale_version') {
          message.warning(t('common.staleVersion'));
          onStale?.();
          return;
        }
        message.error(e.message);
        return;
      }
      message.error(t('common.unexpectedError'));
      console.error(e);
    },
  };
}

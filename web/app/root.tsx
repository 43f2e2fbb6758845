// Providers, outermost first: language → antd theme and locale → antd App (message/modal) → session → router.
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter } from 'react-router-dom';
import { I18nProvider, useI18n } from '../lib/i18n.js';
import { useReducedMotion } from '../lib/media.js';
import { SessionProvider } from '../lib/session.js';
import { AppRoutes } from './routes.js';

const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif";

function Themed() {
  const { lang } = useI18n();
  const reducedMotion = useReducedMotion();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1f4e8c', fontFamily: FONT, borderRadius: 6, motion: !reducedMotion } }}
    >
      <AntApp style={{ height: '100%' }}>
        <SessionProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function Root() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}

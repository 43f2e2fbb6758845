// Binding an authenticator app: the server makes a secret, the page shows it as a QR code and as
// text, and the first code the app shows confirms it.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Input, Space, Spin, Steps, Typography } from 'antd';
import { ApiError } from '../../lib/api.js';
import { useI18n } from '../../lib/i18n.js';
import { useIsMobile } from '../../lib/media.js';
import { authApi } from './auth.api.js';

const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

export function TotpEnrolment({ onDone }: { onDone(): void | Promise<void> }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [enrol, setEnrol] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  const start = async () => {
    setError(null);
    try {
      setEnrol(await authApi.startTotp());
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('common.unexpectedError'));
    }
  };

  useEffect(() => {
    // Once per mount: a second start would replace the secret the QR code shows.
    if (started.current) return;
    started.current = true;
    void start();
  }, []);

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.confirmTotp(code);
      await onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  };

  if (!enrol && !error) return <Spin style={{ display: 'block', margin: '32px auto' }} />;

  return (
    <div>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="totp-error" />}
      {enrol && (
        <>
          <Steps
            direction="vertical"
            size="small"
            current={-1}
            items={[
              { title: t('totp.step1'), description: t('totp.step1Hint') },
              {
                title: t('totp.step2'),
                description: (
                  <Space direction={mobile ? 'vertical' : 'horizontal'} align="start" size={16} style={{ marginTop: 8 }}>
                    <img src={enrol.qrDataUrl} alt="QR" width={180} height={180} style={{ border: '1px solid #e8ebf0', borderRadius: 6 }} />
                    <div>
                      <Typography.Text type="secondary">{t('totp.secretLabel')}</Typography.Text>
                      <Typography.Paragraph copyable={{ text: enrol.secret }} style={{ fontFamily: 'monospace', fontSize: 15, wordBreak: 'break-all', marginTop: 4 }}>
                        <span data-testid="totp-secret" data-secret={enrol.secret}>
                          {grouped(enrol.secret)}
                        </span>
                      </Typography.Paragraph>
                    </div>
                  </Space>
                ),
              },
              {
                title: t('totp.step3'),
                description: (
                  <Form layout={mobile ? 'vertical' : 'inline'} onFinish={confirm} style={{ marginTop: 8 }}>
                    <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpFormat') }]}>
                      <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="123456" style={{ width: 160 }} aria-label={t('login.totp')} />
                    </Form.Item>
                    <Form.Item>
                      <Button type="primary" htmlType="submit" loading={busy}>
                        {t('totp.confirm')}
                      </Button>
                    </Form.Item>
                  </Form>
                ),
              },
            ]}
          />
        </>
      )}
      {!enrol && (
        <Button onClick={() => void start()}>{t('common.retry')}</Button>
      )}
    </div>
  );
}

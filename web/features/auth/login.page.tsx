// 登录: user name and password; when the account has a second factor the server answers
// 401 mfa_required and the page asks for the 6-digit 动态口令, then sends all three again.
import { useRef, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography, type InputRef } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../lib/api.js';
import { useI18n } from '../../lib/i18n.js';
import { useSession } from '../../lib/session.js';
import { Brand } from '../../app/layout/brand.js';
import { authApi } from './auth.api.js';

interface Fields {
  username: string;
  password: string;
  totp?: string;
}

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { signedIn, expired } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Fields>();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<{ text: string; kind: 'error' | 'warning' } | null>(null);
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<InputRef>(null);

  const submit = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      const me = await authApi.login({ username: v.username.trim(), password: v.password, ...(needTotp && v.totp ? { totp: v.totp } : {}) });
      signedIn(me);
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'mfa_required') {
        setNeedTotp(true);
        setError({ text: t('login.totpPrompt'), kind: 'warning' });
        setTimeout(() => totpRef.current?.focus(), 50);
      } else if (e instanceof ApiError && e.code === 'locked_out') {
        setError({ text: e.message, kind: 'error' });
      } else if (e instanceof ApiError) {
        setError({ text: e.message, kind: 'error' });
        if (needTotp) form.setFieldValue('totp', '');
      } else {
        setError({ text: t('common.unexpectedError'), kind: 'error' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100%', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(160deg, #0f2a4a 0%, #1f4e8c 55%, #f3f5f8 55%)' }}>
      <div style={{ width: '100%', maxWidth: 400, display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <Button type="link" style={{ color: '#fff' }} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {lang === 'zh' ? 'English' : '中文'}
        </Button>
      </div>
      <Card style={{ width: '100%', maxWidth: 400, boxShadow: '0 8px 24px rgba(15,42,74,.18)' }}>
        <div style={{ display: 'flex', justifyContent: 'center', marginBottom: 8 }}>
          <Brand compact />
        </div>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 8 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('login.subtitle')}
        </Typography.Paragraph>
        {expired && !error && <Alert type="info" showIcon message={t('login.expired')} style={{ marginBottom: 16 }} />}
        {error && <Alert type={error.kind} showIcon message={error.text} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" size="large" readOnly={needTotp} />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" readOnly={needTotp} />
          </Form.Item>
          {needTotp && (
            <Form.Item name="totp" label={t('login.totp')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpFormat') }]}>
              <Input ref={totpRef} prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" placeholder="123456" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('login.submit')}
          </Button>
          {needTotp && (
            <Button
              type="link"
              block
              onClick={() => {
                setNeedTotp(false);
                setError(null);
                form.setFieldValue('totp', undefined);
              }}
            >
              {t('login.otherAccount')}
            </Button>
          )}
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        {t('app.fullName')}
      </Typography.Text>
    </div>
  );
}

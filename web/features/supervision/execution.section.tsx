// 执行情况汇总回告 (三 3.31) on an item split into sub-items: what each unit reported since the last
// summary, who has not reported yet, the office's summary to the assigning leader, and the earlier
// summaries. The summary carries the item's version read with the view (a stale one reloads).
import { useState } from 'react';
import { Alert, Button, Form, Input, List, Typography } from 'antd';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { supervisionApi, type Execution } from './supervision.api.js';

const small = { fontSize: 12, color: '#8c8c8c' } as const;

export function ExecutionSection({ itemId, version }: { itemId: string; version: number }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const loaded = useApi(() => supervisionApi.execution(itemId), [itemId, version]);
  const [view, setView] = useState<Execution>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ text: string }>();
  const x = view && view.version >= (loaded.data?.version ?? 0) ? view : loaded.data;
  if (!x) return null;
  const submit = async (v: { text: string }) => {
    setBusy(true);
    try {
      setView(await supervisionApi.summarise(itemId, { text: v.text.trim(), version: x.version }));
      form.resetFields();
      fb.ok(t('supervision.exec.done'));
    } catch (e) {
      fb.error(e, loaded.reload);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="execution">
      {x.since && <div style={{ ...small, marginBottom: 4 }}>{t('supervision.exec.since', { at: formatDateTime(x.since) })}</div>}
      <List
        size="small"
        dataSource={x.units}
        rowKey="itemId"
        renderItem={(u) => (
          <List.Item style={{ display: 'block' }}>
            <Typography.Text strong>{u.departmentName}</Typography.Text> <span style={small}>{u.number}</span>
            {u.report ? (
              <div>
                <div style={{ whiteSpace: 'pre-wrap' }}>
                  {u.report.text}
                  {u.report.percent !== null ? t('common.paren', { x: `${u.report.percent}%` }) : ''}
                </div>
                <div style={small}>
                  {u.report.by} · {formatDateTime(u.report.at)}
                </div>
              </div>
            ) : (
              <div>
                <Typography.Text type={u.done ? 'secondary' : 'warning'}>{u.done ? '—' : t('supervision.unit.notReported')}</Typography.Text>
              </div>
            )}
          </List.Item>
        )}
      />
      <Alert
        style={{ margin: '8px 0' }}
        type={x.notReported.length ? 'warning' : 'success'}
        showIcon
        message={x.notReported.length ? t('supervision.exec.notReported', { names: x.notReported.map((u) => u.departmentName ?? '').join('、') }) : t('supervision.exec.allReported')}
        data-testid="not-reported"
      />
      {x.maySummarise && x.units.some((u) => u.reported) && (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="summary-form">
          <Form.Item name="text" label={t('supervision.exec.summary')} rules={[{ required: true, whitespace: true, message: t('supervision.action.required', { field: t('supervision.exec.summary') }) }, { max: 10000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('supervision.exec.submit')}
          </Button>
        </Form>
      )}
      {x.summaries.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('supervision.exec.past')}</Typography.Text>
          {x.summaries.map((s) => (
            <div key={s.id} style={{ marginTop: 6 }}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{s.text}</div>
              <div style={small}>
                {s.by.name} · {formatDateTime(s.at)}
                {s.missingItemIds.length > 0 ? ` · ${t('supervision.exec.missing', { n: s.missingItemIds.length })}` : ''}
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

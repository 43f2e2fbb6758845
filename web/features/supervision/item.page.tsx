// /supervision/:id — the item: 督办编号, step and round, source (an incoming document links to its
// page), units, deadline (the original kept), progress (derived from the sub-items for a parent),
// the sub-items, progress and completion reports, checks, chases, extensions and the trail by
// round; the actions the server offers sit beside it (above it on a phone).
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Divider, Empty, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, FileWordOutlined, PaperClipOutlined } from '@ant-design/icons';
import { ClassificationTag } from '../../components/classification.js';
import { PageHeader } from '../../components/page-header.js';
import { api, ApiError } from '../../lib/api.js';
import { companyDate, formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { useFeedback } from '../../lib/use-feedback.js';
import { useIsMobile } from '../../lib/media.js';
import { ActionPanel } from './action.panel.js';
import { ChildrenSection } from './children.section.js';
import { ExecutionSection } from './execution.section.js';
import { supervisionApi, type ItemDetail, type TrailStep } from './supervision.api.js';
import { DeadlineText, PriorityTag, ProgressBar, STATUS_COLORS, StateTag, statusOf, useCategories, useSupervisionLabels } from './supervision.labels.js';

const COLORS: Record<string, string> = { check_return: 'red', re_check_return: 'red', review_reopen: 'red', extension_refused: 'red', check_pass: 'green', re_check_pass: 'green', review_close: 'green', re_review_close: 'green' };
const small = { fontSize: 12, color: '#8c8c8c' } as const;

function SourceLink({ item }: { item: ItemDetail }) {
  const { t } = useI18n();
  const labels = useSupervisionLabels();
  const s = item.source;
  // Origins that have a page here: the incoming document, the week's directive list.
  const href = !s.id ? null : s.type === 'incoming_document' ? `/incoming/${s.id}` : s.type === 'weekly_directive' ? `/supervision/directives/${s.id}` : null;
  return (
    <span data-testid="source">
      {labels.source(s.type)}
      {href && (
        <>
          {' · '}
          <Link to={href}>{t('supervision.openSource')}</Link>
        </>
      )}
    </span>
  );
}

function Fields({ item }: { item: ItemDetail }) {
  const { t, l } = useI18n();
  const mobile = useIsMobile();
  const labels = useSupervisionLabels();
  const categories = useCategories();
  const lead = item.units.find((u) => u.role === 'lead');
  const co = item.units.filter((u) => u.role === 'co');
  const withPerson = (u: ItemDetail['units'][number]) => `${u.departmentName ?? ''}${u.personName ? t('common.paren', { x: u.personName }) : ''}`;
  const std = item.categoryStandard;
  return (
    <Descriptions size="small" column={mobile ? 1 : 2} bordered={!mobile} labelStyle={{ width: mobile ? undefined : 110, whiteSpace: 'nowrap' }} data-testid="fields">
      <Descriptions.Item label={t('supervision.field.number')}>{item.number}</Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.procedure')}>{labels.procedure(item.procedure)}</Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.category')}>{std ? l(std.name) : categories.name(item.category)}</Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.source')}>
        <SourceLink item={item} />
      </Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.assignedBy')}>{item.assignedByName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.mode')}>{labels.mode(item.mode)}</Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.leadUnit')}>{lead ? withPerson(lead) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.coUnits')}>{co.length ? co.map(withPerson).join('、') : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.deadline')}>
        <DeadlineText item={item} today={companyDate()} />
      </Descriptions.Item>
      <Descriptions.Item label={t('supervision.field.createdAt')}>{formatDateTime(item.createdAt)}</Descriptions.Item>
      {!!item.completedAt && <Descriptions.Item label={t('supervision.field.completedAt')}>{formatDateTime(item.completedAt)}</Descriptions.Item>}
      {std && (
        <Descriptions.Item label={t('supervision.field.standard')} span={mobile ? 1 : 2}>
          <div>
            {t('supervision.standard.text', { n: std.reportEveryDays, d: std.defaultDeadlineDays })}
            {std.requiredSteps.length > 0 && <div style={small}>{t('supervision.standard.required', { steps: std.requiredSteps.map((s) => labels.action(s)).join('、') })}</div>}
          </div>
        </Descriptions.Item>
      )}
      {!!item.requirement && (
        <Descriptions.Item label={t('supervision.field.requirement')} span={mobile ? 1 : 2}>
          <div style={{ whiteSpace: 'pre-wrap' }}>{item.requirement}</div>
        </Descriptions.Item>
      )}
      {item.milestones.length > 0 && (
        <Descriptions.Item label={t('supervision.field.milestones')} span={mobile ? 1 : 2}>
          {item.milestones.map((m) => `${m.date} ${m.title}`).join('；')}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** The trail, oldest first, with a divider where a new round (再批办) starts. */
function Trail({ trail }: { trail: TrailStep[] }) {
  const { t } = useI18n();
  const labels = useSupervisionLabels();
  const rounds = [...new Set(trail.map((s) => s.round))];
  return (
    <div data-testid="trail">
      {rounds.map((r) => (
        <div key={r}>
          {rounds.length > 1 && (
            <Divider orientation="left" plain style={{ margin: '4px 0 12px' }}>
              {t('supervision.round', { n: r })}
            </Divider>
          )}
          <Timeline
            items={trail
              .filter((s) => s.round === r)
              .map((s) => {
                const d = s.data as Record<string, unknown>;
                const text = ['result', 'reasons', 'report'].map((k) => (typeof d[k] === 'string' && d[k] !== s.opinion ? (d[k] as string) : null)).filter(Boolean);
                return {
                  color: COLORS[s.action] ?? 'blue',
                  children: (
                    <div data-testid="trail-step">
                      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 8px', alignItems: 'baseline' }}>
                        <Typography.Text strong>{labels.taken(s.action)}</Typography.Text>
                        <Typography.Text>{s.actorName}</Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(s.at)}
                        </Typography.Text>
                      </div>
                      {s.opinion && <div style={{ whiteSpace: 'pre-wrap', margin: '2px 0' }}>{s.opinion}</div>}
                      {text.map((x, i) => (
                        <div key={i} style={{ whiteSpace: 'pre-wrap', fontSize: 12, color: '#595959' }}>
                          {x}
                        </div>
                      ))}
                      {typeof d.from === 'string' && typeof d.to === 'string' && <div style={small}>{t('supervision.extension.line', { from: d.from, to: d.to })}</div>}
                    </div>
                  ),
                };
              })}
          />
        </div>
      ))}
    </div>
  );
}

function Section({ title, count, children, testId }: { title: string; count?: number; children: ReactNode; testId?: string }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={count === undefined ? title : `${title}${t('common.paren', { x: count })}`} style={{ marginBottom: 16 }} data-testid={testId}>
      {children}
    </Card>
  );
}

const none = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ margin: 0 }} />;

function Records({ item }: { item: ItemDetail }) {
  const { t } = useI18n();
  const fb = useFeedback();
  const many = new Set(item.trail.map((s) => s.round)).size > 1;
  const round = (r: number) => (many ? ` · ${t('supervision.round', { n: r })}` : '');
  return (
    <>
      <Section title={t('supervision.section.reports')} count={item.reports.length} testId="reports">
        {!item.done && !item.closed && item.unitReports.length > 0 && (
          <Space size={[4, 4]} wrap style={{ marginBottom: 12 }} data-testid="unit-reports">
            <span style={small}>{t('supervision.unit.thisRound')}</span>
            {item.unitReports.map((u) => (
              <Tag key={u.departmentId} color={u.reported ? 'success' : 'warning'} style={{ marginInlineEnd: 0 }}>
                {u.departmentName} · {u.reported ? `${t('supervision.unit.reported')}${u.percent !== null ? ` ${u.percent}%` : ''}` : t('supervision.unit.notReported')}
              </Tag>
            ))}
          </Space>
        )}
        {item.reports.length === 0
          ? none
          : item.reports.map((r) => (
              <div key={r.id} style={{ marginBottom: 12 }}>
                <Space size={6} wrap>
                  <Tag color={r.kind === 'completion' ? 'green' : 'blue'}>{t(r.kind === 'completion' ? 'supervision.report.completion' : 'supervision.report.progress')}</Tag>
                  {r.percent !== null && <Typography.Text strong>{r.percent}%</Typography.Text>}
                  <span style={small}>
                    {[item.units.find((u) => u.departmentId === r.departmentId)?.departmentName, r.reportedByName, formatDateTime(r.at)].filter(Boolean).join(' · ')}
                    {round(r.round)}
                  </span>
                </Space>
                <div style={{ whiteSpace: 'pre-wrap', marginTop: 2 }}>{r.text}</div>
                {r.attachmentIds.length > 0 && (
                  <Space size={[8, 0]} wrap style={{ fontSize: 12 }}>
                    {r.attachmentIds.map((a, n) => (
                      <a key={a} onClick={() => api.download(`/api/v1/attachments/${a}/content`, `attachment-${n + 1}`).catch((e) => fb.error(e))}>
                        <PaperClipOutlined /> {t('supervision.action.attachmentN', { n: n + 1 })}
                      </a>
                    ))}
                  </Space>
                )}
              </div>
            ))}
      </Section>
      {item.checks.length > 0 && (
        <Section title={t('supervision.section.checks')} count={item.checks.length} testId="checks">
          {item.checks.map((c) => (
            <div key={c.id} style={{ marginBottom: 8 }}>
              <Space size={6} wrap>
                <Tag color={c.outcome === 'passed' ? 'success' : 'error'}>{t(c.outcome === 'passed' ? 'supervision.check.passed' : 'supervision.check.returned')}</Tag>
                <span style={small}>
                  {c.checkedByName} · {formatDateTime(c.at)}
                  {round(c.round)}
                </span>
              </Space>
              {c.reasons && <div style={{ whiteSpace: 'pre-wrap' }}>{c.reasons}</div>}
            </div>
          ))}
        </Section>
      )}
      {item.chases.length > 0 && (
        <Section title={t('supervision.section.chases')} count={item.chases.length} testId="chases">
          {item.chases.map((c) => (
            <div key={c.id} style={{ marginBottom: 8 }}>
              <Space size={6} wrap>
                <Tag>{t(c.kind === 'manual' ? 'supervision.chase.manual' : 'supervision.chase.automatic')}</Tag>
                <span style={small}>
                  {[c.chasedByName, formatDateTime(c.at), t('supervision.chase.told', { n: c.told.length })].filter(Boolean).join(' · ')}
                </span>
              </Space>
              {c.note && <div style={{ whiteSpace: 'pre-wrap' }}>{c.note}</div>}
            </div>
          ))}
        </Section>
      )}
      {item.extensions.length > 0 && (
        <Section title={t('supervision.section.extensions')} count={item.extensions.length} testId="extensions">
          {item.extensions.map((e) => (
            <div key={e.id} style={{ marginBottom: 8 }}>
              <Space size={6} wrap>
                <Tag color={e.state === 'approved' ? 'success' : e.state === 'refused' ? 'error' : 'gold'}>{t(`supervision.extension.${e.state as 'pending'}`)}</Tag>
                <Typography.Text>{t('supervision.extension.line', { from: e.previousDeadline, to: e.requestedDeadline })}</Typography.Text>
                <span style={small}>
                  {e.requestedByName} · {formatDateTime(e.requestedAt)}
                </span>
              </Space>
              <div style={{ whiteSpace: 'pre-wrap' }}>{e.reason}</div>
              {e.decidedAt && (
                <div style={small}>
                  {e.decidedByName} · {formatDateTime(e.decidedAt)}
                  {e.note ? ` · ${e.note}` : ''}
                </div>
              )}
            </div>
          ))}
        </Section>
      )}
    </>
  );
}

export default function ItemPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const labels = useSupervisionLabels();
  const loaded = useApi(() => supervisionApi.get(id), [id]);
  const fb = useFeedback();
  const [item, setItem] = useState<ItemDetail>();
  useEffect(() => setItem(loaded.data), [loaded.data]);

  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && (loaded.error.status === 404 || loaded.error.status === 403);
    return <Result status={missing ? '404' : 'error'} title={missing ? t('supervision.notFound') : t('common.unexpectedError')} extra={<Button onClick={() => navigate('/supervision')}>{t('supervision.back')}</Button>} />;
  }
  if (!item || item.id !== id) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const status = statusOf(item);
  const side = (
    <>
      <Card size="small" style={{ marginBottom: 16 }} data-testid="summary">
        <Space size={[6, 6]} wrap style={{ marginBottom: 8 }} data-testid="item-tags">
          <StateTag item={item} />
          <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
            {labels.status(status)}
          </Tag>
          {(item.round > 1 || item.procedure === 'central') && <Tag style={{ marginInlineEnd: 0 }}>{t('supervision.round', { n: item.round })}</Tag>}
          <PriorityTag priority={item.priority} hideNormal />
          <ClassificationTag level={item.classification} />
          {item.mode !== 'general' && <Tag color="purple">{labels.mode(item.mode)}</Tag>}
        </Space>
        <div data-testid="progress">
          <ProgressBar item={item} />
          {item.children.length > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('supervision.derivedProgress', { n: item.children.length })}</Typography.Text>}
        </div>
        <div style={{ fontSize: 13, marginTop: 4 }}>
          {t('supervision.field.deadline')}
          {t('supervision.colon')}
          <DeadlineText item={item} today={companyDate()} />
        </div>
        {item.reportDueBy && (
          <div style={{ fontSize: 13 }}>
            {t('supervision.field.reportDueBy')}
            {t('supervision.colon')}
            {item.reportDueBy}
          </div>
        )}
      </Card>
      <ActionPanel item={item} onChange={setItem} reload={loaded.reload} />
    </>
  );
  return (
    <>
      <PageHeader
        title={<span data-testid="item-title">{item.title}</span>}
        sub={[item.number, labels.source(item.source.type), item.leadDepartmentName].filter(Boolean).join(' · ')}
        extra={
          <Space wrap>
            {/* 督查通知 (三 3.32) lists the sub-items, so it exists only once the item is decomposed. */}
            {item.children.length > 0 && (
              <Button icon={<FileWordOutlined />} onClick={() => void api.download(`/api/v1/supervision/items/${item.id}/notice.docx`, `${item.number}督查通知.docx`).catch((e) => fb.error(e))} data-testid="notice-docx">
                {t('supervision.noticeDocx')}
              </Button>
            )}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('supervision.back')}
            </Button>
          </Space>
        }
      />
      <div style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : 'minmax(0, 3fr) minmax(300px, 2fr)', gap: 16, alignItems: 'start' }}>
        <div style={{ minWidth: 0 }}>
          {mobile && side}
          <Section title={t('supervision.section.fields')}>
            <Fields item={item} />
          </Section>
          {(item.children.length > 0 || item.may.decompose) && (
            <Section title={t('supervision.section.children')} count={item.children.length}>
              <ChildrenSection item={item} onChange={setItem} />
            </Section>
          )}
          {item.children.length > 0 && (
            <Section title={t('supervision.exec.title')} testId="execution-section">
              <ExecutionSection itemId={item.id} version={item.version} />
            </Section>
          )}
          <Records item={item} />
          <Section title={t('supervision.section.trail')}>
            <Trail trail={item.trail} />
          </Section>
        </div>
        {!mobile && <div style={{ minWidth: 0 }}>{side}</div>}
      </div>
    </>
  );
}

// The people list: a table on a desktop, cards on a phone; the actions each row offers are exactly
// those its `abilities` allow.
import { Button, Card, Dropdown, List, Pagination, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, EyeOutlined, KeyOutlined, MoreOutlined, SafetyCertificateOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { ROLE_LABELS } from '../../../common/roles.js';
import { PERSON_STATUS_LABELS } from '../../../common/labels.js';
import { ClassificationTag } from '../../components/classification.js';
import { useI18n } from '../../lib/i18n.js';
import type { Person } from './org.api.js';

export interface PeopleActions {
  open(p: Person): void;
  toggle(p: Person): void;
  resetPassword(p: Person): void;
}

function RoleTags({ p }: { p: Person }) {
  const { l } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {p.roles.map((r) => (
        <Tag key={r} color="geekblue" style={{ marginInlineEnd: 0 }}>
          {l(ROLE_LABELS[r], r)}
        </Tag>
      ))}
    </Space>
  );
}

function StatusTag({ p }: { p: Person }) {
  const { l } = useI18n();
  return <Tag color={p.status === 'active' ? 'green' : 'default'}>{l(PERSON_STATUS_LABELS[p.status])}</Tag>;
}

function Actions({ p, act }: { p: Person; act: PeopleActions }) {
  const { t } = useI18n();
  const a = p.abilities;
  const openLabel = a.edit ? t('common.edit') : a.setClearance ? t('org.setClearance') : t('common.view');
  const openIcon = a.edit ? <EditOutlined /> : a.setClearance ? <SafetyCertificateOutlined /> : <EyeOutlined />;
  const more = [
    ...(a.resetPassword ? [{ key: 'reset', icon: <KeyOutlined />, label: t('org.resetPassword') }] : []),
    ...(a.disable ? [{ key: 'toggle', icon: p.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />, label: p.status === 'active' ? t('org.disable') : t('org.enable'), danger: p.status === 'active' }] : []),
  ];
  return (
    <Space size={0}>
      <Button type="link" size="small" icon={openIcon} onClick={() => act.open(p)}>
        {openLabel}
      </Button>
      {more.length > 0 && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: more,
            onClick: ({ key }) => {
              if (key === 'reset') act.resetPassword(p);
              if (key === 'toggle') act.toggle(p);
            },
          }}
        >
          <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('common.more')} />
        </Dropdown>
      )}
    </Space>
  );
}

interface Props {
  items: Person[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  mobile: boolean;
  onPage(page: number, pageSize: number): void;
  act: PeopleActions;
}

export function PeopleList({ items, total, page, pageSize, loading, mobile, onPage, act }: Props) {
  const { t } = useI18n();
  if (mobile) {
    return (
      <>
        <List
          loading={loading}
          dataSource={items}
          rowKey="id"
          renderItem={(p) => (
            <Card size="small" style={{ marginBottom: 8 }} styles={{ body: { padding: 12 } }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{p.name}</Typography.Text> <Typography.Text type="secondary">{p.username}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">
                      {p.department.name} · {p.position || '—'}
                    </Typography.Text>
                  </div>
                </div>
                <Space size={4} style={{ flex: 'none', alignItems: 'flex-start' }}>
                  <ClassificationTag level={p.clearance} />
                  {p.status !== 'active' && <StatusTag p={p} />}
                </Space>
              </div>
              <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 8, gap: 8 }}>
                <RoleTags p={p} />
                <Actions p={p} act={act} />
              </div>
            </Card>
          )}
        />
        <Pagination simple current={page} pageSize={pageSize} total={total} onChange={onPage} style={{ textAlign: 'center', marginTop: 8 }} />
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 4 }}>
          {t('common.total', { n: total })}
        </Typography.Paragraph>
      </>
    );
  }
  return (
    <Table<Person>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      scroll={{ x: 840 }}
      pagination={{ current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => t('common.total', { n }), onChange: onPage }}
      columns={[
        {
          title: t('org.name'),
          key: 'name',
          fixed: 'left',
          width: 120,
          render: (_, p) => (
            <>
              <a onClick={() => act.open(p)}>{p.name}</a>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {p.username}
                </Typography.Text>
              </div>
            </>
          ),
        },
        { title: t('org.department'), key: 'dept', width: 100, render: (_, p) => p.department.name },
        { title: t('org.position'), dataIndex: 'position', width: 120, ellipsis: true },
        { title: t('org.rankOrder'), dataIndex: 'rankOrder', width: 64, align: 'right' },
        { title: t('org.roles'), key: 'roles', width: 140, render: (_, p) => <RoleTags p={p} /> },
        { title: t('org.clearance'), key: 'clearance', width: 96, render: (_, p) => <ClassificationTag level={p.clearance} /> },
        {
          title: t('org.status'),
          key: 'status',
          width: 90,
          render: (_, p) => (
            <Space size={4}>
              <StatusTag p={p} />
              {p.totpEnabled && (
                <Tooltip title={t('org.totpOn')}>
                  <SafetyCertificateOutlined style={{ color: '#389e0d' }} />
                </Tooltip>
              )}
            </Space>
          ),
        },
        { title: t('common.actions'), key: 'actions', fixed: 'right', width: 110, render: (_, p) => <Actions p={p} act={act} /> },
      ]}
    />
  );
}

// 版本记录: every kept version of the draft (nothing is overwritten), and two of them side by side
// with the changed lines marked; on a phone the comparison is one column, removed above added.
import { useEffect, useMemo, useState } from 'react';
import { Empty, Select, Space, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../lib/format.js';
import { useI18n } from '../../lib/i18n.js';
import { useIsMobile } from '../../lib/media.js';
import type { Version } from './outgoing.api.js';
import { lineDiff, type DiffRow } from './text-diff.js';

const BG = { removed: '#fff1f0', added: '#f6ffed', changed: '#fffbe6', same: 'transparent' } as const;
const cell = { padding: '2px 8px', whiteSpace: 'pre-wrap' as const, wordBreak: 'break-word' as const, verticalAlign: 'top' as const, fontSize: 13, lineHeight: 1.7 };

function SideBySide({ rows, left, right }: { rows: DiffRow[]; left: string; right: string }) {
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }} data-testid="version-diff">
      <thead>
        <tr>
          <th style={{ ...cell, textAlign: 'left', borderBottom: '1px solid #f0f0f0' }}>{left}</th>
          <th style={{ ...cell, textAlign: 'left', borderBottom: '1px solid #f0f0f0', borderLeft: '1px solid #f0f0f0' }}>{right}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td style={{ ...cell, background: r.left === null ? '#fafafa' : r.kind === 'same' ? undefined : BG.removed }}>
              {r.kind !== 'same' && r.left !== null ? <del style={{ textDecoration: 'none', color: '#a8071a' }}>{r.left}</del> : r.left}
            </td>
            <td style={{ ...cell, borderLeft: '1px solid #f0f0f0', background: r.right === null ? '#fafafa' : r.kind === 'same' ? undefined : BG.added }}>
              {r.kind !== 'same' && r.right !== null ? <ins style={{ textDecoration: 'none', color: '#135200' }}>{r.right}</ins> : r.right}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Unified({ rows }: { rows: DiffRow[] }) {
  return (
    <div data-testid="version-diff" style={{ fontSize: 13, lineHeight: 1.7 }}>
      {rows.map((r, i) =>
        r.kind === 'same' ? (
          <div key={i} style={{ ...cell }}>
            {r.left}
          </div>
        ) : (
          <div key={i}>
            {r.left !== null && <div style={{ ...cell, background: BG.removed, color: '#a8071a' }}>− {r.left}</div>}
            {r.right !== null && <div style={{ ...cell, background: BG.added, color: '#135200' }}>+ {r.right}</div>}
          </div>
        ),
      )}
    </div>
  );
}

export function VersionsPanel({ versions, names = {} }: { versions: Version[]; names?: Record<string, string> }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const last = versions[versions.length - 1]?.versionNo ?? 1;
  const [pair, setPair] = useState<[number, number]>([Math.max(1, last - 1), last]);
  useEffect(() => setPair([Math.max(1, last - 1), last]), [last]);
  const a = versions.find((v) => v.versionNo === pair[0]);
  const b = versions.find((v) => v.versionNo === pair[1]);
  const rows = useMemo(() => (a && b ? lineDiff(a.body, b.body) : []), [a, b]);
  if (!versions.length) return <Empty />;
  const options = versions.map((v) => ({ value: v.versionNo, label: t('out.versionNo', { n: v.versionNo }) }));
  const changed = rows.some((r) => r.kind !== 'same') || a?.title !== b?.title;
  return (
    <div>
      <Timeline
        style={{ marginTop: 8 }}
        items={[...versions].reverse().map((v) => ({
          key: v.versionNo,
          children: (
            <Space size={6} wrap>
              <Typography.Text strong>{t('out.versionNo', { n: v.versionNo })}</Typography.Text>
              {v.versionNo === last && <Tag color="blue">{t('out.current')}</Tag>}
              <Typography.Text type="secondary">
                {formatDateTime(v.createdAt)} {names[v.createdBy] ?? ''}
              </Typography.Text>
              <Typography.Text ellipsis style={{ maxWidth: mobile ? 300 : 420 }}>
                {v.title}
              </Typography.Text>
            </Space>
          ),
        }))}
      />
      {versions.length < 2 ? (
        <Typography.Text type="secondary">{t('out.oneVersion')}</Typography.Text>
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <Typography.Text>{t('out.compare')}</Typography.Text>
            <Select size="small" style={{ width: 100 }} value={pair[0]} options={options} onChange={(v) => setPair([v, pair[1]])} />
            <span>↔</span>
            <Select size="small" style={{ width: 100 }} value={pair[1]} options={options} onChange={(v) => setPair([pair[0], v])} />
          </Space>
          {a && b && a.title !== b.title && (
            <div style={{ marginBottom: 8, fontSize: 13 }}>
              {t('out.docTitle')}
              {t('out.colon')}
              <span style={{ background: BG.removed, color: '#a8071a' }}>{a.title}</span> → <span style={{ background: BG.added, color: '#135200' }}>{b.title}</span>
            </div>
          )}
          {!changed ? (
            <Typography.Text type="secondary">{t('out.sameText')}</Typography.Text>
          ) : mobile ? (
            <Unified rows={rows} />
          ) : (
            <SideBySide rows={rows} left={t('out.versionNo', { n: pair[0] })} right={t('out.versionNo', { n: pair[1] })} />
          )}
        </>
      )}
    </div>
  );
}

// 密级 shown and chosen the same way everywhere: a coloured tag, and a select that offers only the
// levels up to a ceiling (nobody classifies above their own clearance).
import type { CSSProperties } from 'react';
import { Select, Tag } from 'antd';
import { CLASSIFICATION_LABELS } from '../../common/classification.js';
import { useI18n } from '../lib/i18n.js';

const COLORS = ['default', 'blue', 'orange', 'volcano', 'red'];

export function ClassificationTag({ level }: { level: number }) {
  const { l } = useI18n();
  return <Tag color={COLORS[level] ?? 'default'}>{l(CLASSIFICATION_LABELS[level], String(level))}</Tag>;
}

export function ClassificationSelect({ max = 4, ...rest }: { max?: number; value?: number; onChange?(v: number): void; disabled?: boolean; style?: CSSProperties; placeholder?: string; allowClear?: boolean }) {
  const { l } = useI18n();
  return <Select {...rest} options={[0, 1, 2, 3, 4].filter((n) => n <= max).map((n) => ({ value: n, label: l(CLASSIFICATION_LABELS[n]) }))} />;
}

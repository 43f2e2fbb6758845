// The header's search box (desktop): Enter opens 公文检索 with the words, from any page.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useCan } from '../../lib/ability.js';
import { useI18n } from '../../lib/i18n.js';

export function HeaderSearch() {
  const can = useCan();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  if (!can('documents.read')) return null;
  return (
    <Input
      data-testid="header-search"
      prefix={<SearchOutlined style={{ color: '#8c8c8c' }} />}
      placeholder={t('search.headerPlaceholder')}
      aria-label={t('nav.search')}
      value={q}
      allowClear
      style={{ width: 260 }}
      onChange={(e) => setQ(e.target.value)}
      onPressEnter={() => {
        const words = q.trim();
        if (!words) return;
        navigate(`/search?${new URLSearchParams({ q: words })}`);
        setQ('');
      }}
    />
  );
}

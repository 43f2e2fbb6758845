import { useI18n } from '../../lib/i18n.js';

/** The product mark: 总办 in a seal-like square, and the name beside it when there is room. */
export function Brand({ collapsed = false, compact = false }: { collapsed?: boolean; compact?: boolean }) {
  const { t } = useI18n();
  const seal = (
    <span style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'center', width: 32, height: 32, borderRadius: 6, background: '#c0392b', color: '#fff', fontWeight: 700, fontSize: 13, flex: 'none' }}>
      总办
    </span>
  );
  if (compact) {
    return (
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, fontWeight: 600, color: '#0f2a4a', whiteSpace: 'nowrap' }}>
        {seal}
        {t('app.name')}
      </span>
    );
  }
  return (
    <div style={{ height: 64, display: 'flex', alignItems: 'center', gap: 10, padding: collapsed ? '0 24px' : '0 20px', color: '#fff', overflow: 'hidden', whiteSpace: 'nowrap' }}>
      {seal}
      {!collapsed && <span style={{ fontSize: 16, fontWeight: 600 }}>{t('app.name')}</span>}
    </div>
  );
}

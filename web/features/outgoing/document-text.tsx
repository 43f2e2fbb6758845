// The text of a 发文 set like the paper document (GB/T 9704's order): title, 主送, body paragraphs
// indented two characters, then 抄送 — so the signer signs off what will be printed.
import { Typography } from 'antd';
import { useI18n } from '../../lib/i18n.js';

const SERIF = "'FangSong', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', serif";

export function DocumentText({ title, addressee, body, cc }: { title: string; addressee: string | null; body: string; cc: string | null }) {
  const { t } = useI18n();
  const paragraphs = body.split('\n').map((p) => p.trim()).filter(Boolean);
  return (
    <article data-testid="document-text" style={{ fontFamily: SERIF, fontSize: 16, lineHeight: 1.9, color: '#1f1f1f', maxWidth: 720, margin: '0 auto', wordBreak: 'break-word' }}>
      <h2 style={{ textAlign: 'center', fontSize: 22, fontWeight: 700, margin: '8px 0 20px', fontFamily: SERIF, lineHeight: 1.5 }}>{title}</h2>
      {addressee && <p style={{ margin: 0 }}>{addressee}：</p>}
      {paragraphs.map((p, i) => (
        <p key={i} style={{ margin: 0, textIndent: '2em' }}>
          {p}
        </p>
      ))}
      {cc && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 20, borderTop: '1px solid #d9d9d9', paddingTop: 8, fontSize: 14 }}>
          {t('out.cc')}
          {t('out.colon')}
          {cc}
        </Typography.Paragraph>
      )}
    </article>
  );
}

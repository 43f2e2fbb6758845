// Printing from inside the app shell: only the print area goes to paper (A4), without the menu,
// the header or the buttons around it. Used by the receipt (收条), the register and the 办文单.
import type { CSSProperties, ReactNode } from 'react';

const CSS = `
@media print {
  @page { size: A4; margin: 15mm 15mm 15mm 20mm; }
  html, body, #root { height: auto !important; background: #fff !important; }
  body * { visibility: hidden !important; }
  .zb-print-area, .zb-print-area * { visibility: visible !important; }
  .zb-print-area { position: absolute; left: 0; top: 0; width: 100%; margin: 0 !important; padding: 0 !important; box-shadow: none !important; border: none !important; }
  .zb-no-print { display: none !important; }
  .ant-layout-sider, .ant-layout-header { display: none !important; }
}
`;

/** Wraps what is printed; everything else on the page is hidden on paper. */
export function PrintArea({ children, style, testId }: { children: ReactNode; style?: CSSProperties; testId?: string }) {
  return (
    <div className="zb-print-area" style={style} data-testid={testId}>
      <style>{CSS}</style>
      {children}
    </div>
  );
}

/** Buttons and hints around a printable sheet that must not go to paper. */
export function NoPrint({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  return (
    <div className="zb-no-print" style={style}>
      {children}
    </div>
  );
}

import { useMemo } from 'react';
import { encode } from 'uqr';

interface QrCodeProps {
  /** The text to encode (a URL). */
  value: string;
  /** What a screen reader says instead of the picture. */
  label: string;
  className?: string;
}

/**
 * A QR code drawn as an inline SVG (no image request, so the page's CSP and an
 * offline kiosk are no obstacle). Dark modules of a row are merged into runs.
 */
export function QrCode({ value, label, className = '' }: QrCodeProps) {
  const { size, path } = useMemo(() => {
    const qr = encode(value, { ecc: 'M', border: 2 });
    const rows = qr.data;
    let d = '';
    rows.forEach((row, y) => {
      let x = 0;
      while (x < row.length) {
        if (!row[x]) {
          x += 1;
          continue;
        }
        const start = x;
        while (x < row.length && row[x]) x += 1;
        d += `M${start} ${y}h${x - start}v1h-${x - start}z`;
      }
    });
    return { size: rows.length, path: d };
  }, [value]);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      className={className}
      data-testid="qr-code"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

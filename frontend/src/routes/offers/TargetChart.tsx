import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TargetReportRow } from '../../api/sdk';
import { formatMoney, toCents } from '../../lib/money';

const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 16, right: 12, bottom: 30, left: 70 };

/** One user's cumulative euros month by month (bars) against an even path to the target
 * (dashed line), plain SVG. Heights come from whole cents, so nothing is rounded twice. */
export function TargetChart({ row, months }: { row: TargetReportRow; months: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const cumulative = row.cumulative.map((v) => Number(toCents(v) ?? 0n));
  const path = (row.target_path ?? []).map((v) => Number(toCents(v) ?? 0n));
  const top = Math.max(1, ...cumulative, ...path);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / 12;
  const y = (cents: number) => PAD.top + plotH - (cents / top) * plotH;
  const x = (i: number) => PAD.left + i * slot + slot / 2;
  return (
    <div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={t('offers.report.cumulative')} data-testid="target-chart" style={{ maxWidth: WIDTH }}>
        {[0, top / 2, top].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--mantine-color-gray-3)" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize={10} fill="var(--mantine-color-dimmed)">
              {formatMoney((Math.round(v) / 100).toFixed(2), i18n.language)}
            </text>
          </g>
        ))}
        {cumulative.map((v, i) => (
          <rect key={months[i]} x={x(i) - slot / 3} y={y(v)} width={(slot * 2) / 3} height={Math.max(0, y(0) - y(v))} fill="var(--mantine-color-blue-5)" data-testid="target-bar">
            <title>{`${months[i]}: ${formatMoney(row.cumulative[i], i18n.language)}`}</title>
          </rect>
        ))}
        {path.length === 12 && (
          <polyline points={path.map((v, i) => `${x(i)},${y(v)}`).join(' ')} fill="none" stroke="var(--mantine-color-orange-6)" strokeWidth={2} strokeDasharray="6 4" data-testid="target-path" />
        )}
        {months.map((m, i) => (
          <text key={m} x={x(i)} y={HEIGHT - 10} textAnchor="middle" fontSize={11}>
            {m}
          </text>
        ))}
      </svg>
      <Group gap="md" justify="center">
        <Text size="xs">{t('offers.report.cumulative')}</Text>
        {path.length === 12 && <Text size="xs" c="orange">{t('offers.report.pathNote')}</Text>}
      </Group>
    </div>
  );
}

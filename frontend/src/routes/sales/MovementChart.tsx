import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FIGURES } from './movement';
import type { Figures } from './MovementTable';

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 20, right: 10, bottom: 40, left: 36 };
const COLORS = { current: 'var(--mantine-color-blue-6)', previous: 'var(--mantine-color-gray-4)' };

/** Upper end of the axis: 1, 2, 5, 10, 20, 50, … at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/** The six figures this month against the previous month as paired bars (plain SVG). */
export function MovementChart({ current, previous, currentLabel, previousLabel }: { current: Figures; previous: Figures; currentLabel: string; previousLabel: string }) {
  const { t } = useTranslation();
  const top = niceMax(Math.max(...FIGURES.map((f) => Math.max(current[f], previous[f]))));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / FIGURES.length;
  const bar = Math.min(28, slot / 3);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  // Counts are whole numbers: a middle line only where it is one.
  const ticks = Number.isInteger(top / 2) ? [0, top / 2, top] : [0, top];
  return (
    <div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={t('salesReport.chartTitle')} data-testid="movement-chart" style={{ maxWidth: WIDTH }}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--mantine-color-gray-3)" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize={11} fill="var(--mantine-color-dimmed)">
              {v}
            </text>
          </g>
        ))}
        {FIGURES.map((f, i) => {
          const x = PAD.left + i * slot + slot / 2;
          return (
            <g key={f} data-figure={f}>
              <rect x={x - bar - 1} y={y(previous[f])} width={bar} height={Math.max(0, y(0) - y(previous[f]))} fill={COLORS.previous}>
                <title>{`${t(`salesReport.figures.${f}`)} · ${previousLabel}: ${previous[f]}`}</title>
              </rect>
              <rect x={x + 1} y={y(current[f])} width={bar} height={Math.max(0, y(0) - y(current[f]))} fill={COLORS.current} data-testid="chart-bar-current">
                <title>{`${t(`salesReport.figures.${f}`)} · ${currentLabel}: ${current[f]}`}</title>
              </rect>
              <text x={x + 1 + bar / 2} y={y(current[f]) - 4} textAnchor="middle" fontSize={11}>
                {current[f]}
              </text>
              <text x={x} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" fontSize={11}>
                {t(`salesReport.figures.${f}`)}
              </text>
            </g>
          );
        })}
      </svg>
      <Group gap="md" justify="center">
        <Group gap={4}>
          <span style={{ display: 'inline-block', width: 12, height: 12, background: COLORS.previous }} />
          <Text size="xs">{previousLabel}</Text>
        </Group>
        <Group gap={4}>
          <span style={{ display: 'inline-block', width: 12, height: 12, background: COLORS.current }} />
          <Text size="xs">{currentLabel}</Text>
        </Group>
      </Group>
    </div>
  );
}

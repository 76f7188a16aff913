import { ActionIcon, Badge, Box, Button, Group, Paper, ScrollArea, Stack, Text, Tooltip } from '@mantine/core';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink';
import { formatDate, todayInHelsinki } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { canDrop, type ColumnView } from './kanban';
import type { KanbanCard, KanbanColumn } from './model';
import { daysSince, localName } from './status';

export interface BoardColumn {
  column: KanbanColumn;
  view: ColumnView<KanbanCard>;
  loadingMore: boolean;
}

interface Props {
  columns: BoardColumn[];
  onShowMore: (stageKey: string, cursor: string) => void;
  /** Complete the card's current stage (column `index`); the next column's stage becomes current. */
  onComplete: (card: KanbanCard, index: number) => void;
  mayComplete: (card: KanbanCard) => boolean;
}

function Card({ card, index, columnKey, stageName, mayComplete, onComplete, onDragStart, onDragEnd }: {
  card: KanbanCard;
  columnKey: string;
  index: number;
  stageName: string;
  mayComplete: boolean;
  onComplete: () => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}) {
  const { t, i18n } = useTranslation();
  const today = todayInHelsinki();
  const stage = card.current_stage;
  const days = stage?.days_in_stage ?? daysSince(stage?.started_at, today);
  const due = stage?.due_date ?? null;
  const overdue = !!due && due < today;
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      shadow="xs"
      draggable={mayComplete}
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.setData('text/plain', card.id);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      style={{ cursor: mayComplete ? 'grab' : 'default' }}
      data-testid="kanban-card"
      data-project-id={card.id}
      data-column={index}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
        <AnchorLink to="/sales-projects/$projectId" params={{ projectId: card.id }} size="sm" fw={600} data-testid="kanban-card-name">
          {card.name}
        </AnchorLink>
        {mayComplete && (
          <Tooltip label={t('sales.completeStage')}>
            <ActionIcon
              variant="subtle"
              size="sm"
              color="teal"
              onClick={onComplete}
              aria-label={t('sales.completeStageOf', { stage: stageName, project: card.name })}
              data-testid="kanban-complete"
            >
              ✓
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {card.account_name}
      </Text>
      {card.current_stage && card.current_stage.key !== columnKey && (
        <Text size="xs" c="dimmed" fs="italic">
          {card.current_stage.name}
        </Text>
      )}
      <Group gap={6} mt={4}>
        {card.estimated_value && (
          <Text size="xs" fw={500} data-testid="kanban-card-value">
            {formatMoney(card.estimated_value, i18n.language)}
          </Text>
        )}
        {card.probability !== null && card.probability !== undefined && (
          <Badge size="xs" variant="light" color="gray">
            {card.probability} %
          </Badge>
        )}
      </Group>
      <Group gap={6} mt={2} justify="space-between">
        <Text size="xs" data-testid="kanban-card-owner">{card.owner_name}</Text>
        <Text size="xs" c={overdue ? 'red.7' : 'dimmed'} title={t('sales.dueDate')}>
          {due ? formatDate(due, i18n.language) : ''}
        </Text>
      </Group>
      {days !== null && (
        <Text size="xs" c="dimmed">
          {t('sales.daysInStage', { count: days })}
        </Text>
      )}
    </Paper>
  );
}

/** A column per stage with its count and value; a card dragged to the next column completes its stage. */
export function KanbanBoard({ columns, onShowMore, onComplete, mayComplete }: Props) {
  const { t, i18n } = useTranslation();
  const [dragging, setDragging] = useState<{ card: KanbanCard; from: number } | null>(null);
  const [over, setOver] = useState<number | null>(null);
  return (
    <ScrollArea type="auto" offsetScrollbars data-testid="kanban">
      <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm">
        {columns.map(({ column, view, loadingMore }, index) => {
          const name = column.key === 'other' ? t('sales.otherColumn') : localName({ ...column, name: column.name ?? column.key }, i18n.language);
          // The last template column and 'other' (extra or old-version stages) take no drops.
          const droppable = dragging !== null && column.key !== 'other' && columns[dragging.from]?.column.key !== 'other' && canDrop(dragging.from, index);
          return (
            <Box
              key={column.key}
              w={260}
              miw={260}
              p="xs"
              bg={droppable && over === index ? 'teal.0' : 'gray.0'}
              style={{ borderRadius: 8, outline: droppable ? '2px dashed var(--mantine-color-teal-5)' : undefined }}
              onDragOver={(e) => {
                if (!droppable) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'move';
                setOver(index);
              }}
              onDragLeave={() => setOver((o) => (o === index ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                if (dragging && droppable) onComplete(dragging.card, dragging.from);
                setDragging(null);
                setOver(null);
              }}
              data-testid="kanban-column"
              data-stage-key={column.key}
              aria-label={name}
              role="region"
            >
              <Stack gap={2} mb="xs">
                <Group justify="space-between" wrap="nowrap" gap={4}>
                  <Text fw={600} size="sm" lineClamp={2}>
                    {name}
                  </Text>
                  <Badge variant="filled" color="gray" size="sm" data-testid="kanban-column-count">
                    {view.count}
                  </Badge>
                </Group>
                <Group gap={4}>
                  <Text size="xs" c="dimmed" data-testid="kanban-column-sum">
                    {view.sumIsComplete ? '' : '≥ '}
                    {formatMoney(view.valueSum, i18n.language)}
                  </Text>
                  {column.is_customer_service && (
                    <Badge size="xs" variant="outline" color="grape" tt="none">
                      {t('sales.customerServiceStage')}
                    </Badge>
                  )}
                </Group>
              </Stack>
              <Stack gap="xs">
                {view.cards.map((card) => (
                  <Card
                    key={card.id}
                    card={card}
                    index={index}
                    columnKey={column.key}
                    stageName={card.current_stage?.name ?? name}
                    mayComplete={mayComplete(card)}
                    onComplete={() => onComplete(card, index)}
                    onDragStart={() => setDragging({ card, from: index })}
                    onDragEnd={() => {
                      setDragging(null);
                      setOver(null);
                    }}
                  />
                ))}
                {view.cards.length === 0 && (
                  <Text size="xs" c="dimmed" ta="center" py="sm">
                    {t('sales.emptyColumn')}
                  </Text>
                )}
                {view.nextCursor && (
                  <Button variant="subtle" size="xs" loading={loadingMore} onClick={() => onShowMore(column.key, view.nextCursor!)} data-testid="kanban-show-more">
                    {t('common.loadMore')}
                  </Button>
                )}
              </Stack>
            </Box>
          );
        })}
      </Group>
    </ScrollArea>
  );
}

/** The planned touches of a care plan as editable rows: activity type, channel, frequency (or
 * fixed months 1–12, the key-customer matrix by month), responsible and a description. Native
 * selects and checkbox chips, so Tab and the arrow keys reach everything; a new row takes focus. */
import { ActionIcon, Button, Chip, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CarePlanChannel, CarePlanFrequency, CarePlanResponsible, CarePlanTouch, CarePlanTouchIn } from '../../api/sdk';
import { localName, useActivityTypes } from '../activities/lookups';

export const CHANNELS: CarePlanChannel[] = ['visit', 'meeting', 'phone', 'email', 'letter', 'newsletter', 'event', 'online'];
export const FREQUENCIES: CarePlanFrequency[] = ['weekly', 'monthly', 'quarterly', 'yearly', 'months'];
export const RESPONSIBLES: CarePlanResponsible[] = ['account_manager', 'team_role', 'user'];
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** A row being edited; `key` is local, `id` keeps a touch's identity across versions. */
export interface TouchDraft {
  key: string;
  id: string | null;
  activity_type_id: string;
  channel: CarePlanChannel;
  frequency: CarePlanFrequency;
  months: number[];
  responsible: CarePlanResponsible;
  responsible_role_id: string | null;
  responsible_user_id: string | null;
  description: string;
}

let counter = 0;
const nextKey = () => `touch-${++counter}`;

export function draftFromTouch(t: CarePlanTouch): TouchDraft {
  return {
    key: nextKey(),
    id: t.id,
    activity_type_id: t.activity_type_id,
    channel: t.channel,
    frequency: t.frequency,
    months: [...t.months].sort((a, b) => a - b),
    responsible: t.responsible,
    responsible_role_id: t.responsible_role_id,
    responsible_user_id: t.responsible_user_id,
    description: t.description,
  };
}

export function emptyTouch(activityTypeId = ''): TouchDraft {
  return {
    key: nextKey(),
    id: null,
    activity_type_id: activityTypeId,
    channel: 'visit',
    frequency: 'quarterly',
    months: [],
    responsible: 'account_manager',
    responsible_role_id: null,
    responsible_user_id: null,
    description: '',
  };
}

/** The API's TouchIn: months only for fixed months, the role or user only for that kind. */
export function touchBody(d: TouchDraft): CarePlanTouchIn {
  return {
    ...(d.id ? { id: d.id } : {}),
    activity_type_id: d.activity_type_id,
    channel: d.channel,
    frequency: d.frequency,
    months: d.frequency === 'months' ? [...d.months].sort((a, b) => a - b) : [],
    responsible: d.responsible,
    responsible_role_id: d.responsible === 'team_role' ? d.responsible_role_id : null,
    responsible_user_id: d.responsible === 'user' ? d.responsible_user_id : null,
    description: d.description.trim(),
  };
}

/** What is missing before the rows can be saved (translation keys), per row key. */
export function touchProblems(d: TouchDraft): string[] {
  const out: string[] = [];
  if (!d.activity_type_id) out.push('careplans.editor.needType');
  if (!d.description.trim()) out.push('careplans.editor.needDescription');
  if (d.frequency === 'months' && d.months.length === 0) out.push('careplans.editor.needMonths');
  if (d.responsible === 'team_role' && !d.responsible_role_id) out.push('careplans.editor.needRole');
  if (d.responsible === 'user' && !d.responsible_user_id) out.push('careplans.editor.needUser');
  return out;
}

interface Option {
  value: string;
  label: string;
}

interface Props {
  touches: TouchDraft[];
  onChange: (touches: TouchDraft[]) => void;
  roles: Option[];
  users: Option[];
  disabled?: boolean;
  showProblems?: boolean;
}

export function TouchesEditor({ touches, onChange, roles, users, disabled, showProblems }: Props) {
  const { t, i18n } = useTranslation();
  const types = useActivityTypes();
  const focusKey = useRef<string | null>(null);
  const rowRefs = useRef(new Map<string, HTMLSelectElement | null>());
  useEffect(() => {
    if (!focusKey.current) return;
    rowRefs.current.get(focusKey.current)?.focus();
    focusKey.current = null;
  }, [touches]);

  const typeOptions: Option[] = (types.data ?? [])
    .filter((x) => x.is_active || touches.some((d) => d.activity_type_id === x.id))
    .map((x) => ({ value: x.id, label: localName(x, i18n.language) }));
  const monthName = (m: number) =>
    new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : `${i18n.language}-FI`, { month: 'short' }).format(new Date(2026, m - 1, 15));
  const monthLong = (m: number) =>
    new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : `${i18n.language}-FI`, { month: 'long' }).format(new Date(2026, m - 1, 15));

  const update = (key: string, patch: Partial<TouchDraft>) =>
    onChange(touches.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const add = () => {
    const row = emptyTouch(typeOptions[0]?.value ?? '');
    focusKey.current = row.key;
    onChange([...touches, row]);
  };
  const remove = (key: string) => onChange(touches.filter((d) => d.key !== key));
  const move = (index: number, by: number) => {
    const next = [...touches];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row);
    onChange(next);
  };
  const withBlank = (options: Option[]) => [{ value: '', label: '—' }, ...options];

  return (
    <Stack gap="sm" data-testid="touches-editor">
      {touches.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('careplans.editor.noTouches')}
        </Text>
      )}
      {touches.map((d, index) => {
        const n = index + 1;
        const problems = showProblems ? touchProblems(d) : [];
        return (
          <Paper
            withBorder
            p="sm"
            key={d.key}
            component="fieldset"
            data-testid="touch-row"
            aria-label={t('careplans.editor.touchN', { n })}
            style={{ margin: 0 }}
          >
            <Stack gap="xs">
              <Group gap="xs" align="end" wrap="wrap">
                <NativeSelect
                  ref={(el) => {
                    rowRefs.current.set(d.key, el);
                  }}
                  label={t('careplans.editor.activityType')}
                  data={withBlank(typeOptions)}
                  value={d.activity_type_id}
                  onChange={(e) => update(d.key, { activity_type_id: e.currentTarget.value })}
                  disabled={disabled}
                  data-testid="touch-activity-type"
                  required
                />
                <NativeSelect
                  label={t('careplans.editor.channel')}
                  data={CHANNELS.map((c) => ({ value: c, label: t(`careplans.channel.${c}`) }))}
                  value={d.channel}
                  onChange={(e) => update(d.key, { channel: e.currentTarget.value as CarePlanChannel })}
                  disabled={disabled}
                  data-testid="touch-channel"
                />
                <NativeSelect
                  label={t('careplans.editor.frequency')}
                  data={FREQUENCIES.map((f) => ({ value: f, label: t(`careplans.frequency.${f}`) }))}
                  value={d.frequency}
                  onChange={(e) => update(d.key, { frequency: e.currentTarget.value as CarePlanFrequency })}
                  disabled={disabled}
                  data-testid="touch-frequency"
                />
                <NativeSelect
                  label={t('careplans.editor.responsible')}
                  data={RESPONSIBLES.map((r) => ({ value: r, label: t(`careplans.responsible.${r}`) }))}
                  value={d.responsible}
                  onChange={(e) => update(d.key, { responsible: e.currentTarget.value as CarePlanResponsible })}
                  disabled={disabled}
                  data-testid="touch-responsible"
                />
                {d.responsible === 'team_role' && (
                  <NativeSelect
                    label={t('careplans.editor.role')}
                    data={withBlank(roles)}
                    value={d.responsible_role_id ?? ''}
                    onChange={(e) => update(d.key, { responsible_role_id: e.currentTarget.value || null })}
                    disabled={disabled}
                    data-testid="touch-role"
                    required
                  />
                )}
                {d.responsible === 'user' && (
                  <NativeSelect
                    label={t('careplans.editor.user')}
                    data={withBlank(users)}
                    value={d.responsible_user_id ?? ''}
                    onChange={(e) => update(d.key, { responsible_user_id: e.currentTarget.value || null })}
                    disabled={disabled}
                    data-testid="touch-user"
                    required
                  />
                )}
              </Group>
              {d.frequency === 'months' && (
                <div role="group" aria-label={t('careplans.editor.months')} data-testid="touch-months">
                  <Text size="sm" fw={500} mb={4}>
                    {t('careplans.editor.months')}
                  </Text>
                  <Chip.Group
                    multiple
                    value={d.months.map(String)}
                    onChange={(v) => update(d.key, { months: v.map(Number).sort((a, b) => a - b) })}
                  >
                    <Group gap={4}>
                      {MONTHS.map((m) => (
                        <Chip
                          key={m}
                          value={String(m)}
                          size="xs"
                          disabled={disabled}
                          aria-label={monthLong(m)}
                          data-testid={`touch-month-${m}`}
                        >
                          {monthName(m)}
                        </Chip>
                      ))}
                    </Group>
                  </Chip.Group>
                </div>
              )}
              <Group gap="xs" align="end">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('careplans.editor.touchDescription')}
                  value={d.description}
                  onChange={(e) => update(d.key, { description: e.currentTarget.value })}
                  disabled={disabled}
                  data-testid="touch-description"
                  required
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('careplans.editor.moveUp', { n })}
                  disabled={disabled || index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('careplans.editor.moveDown', { n })}
                  disabled={disabled || index === touches.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </ActionIcon>
                <Button
                  variant="subtle"
                  color="red"
                  onClick={() => remove(d.key)}
                  disabled={disabled}
                  aria-label={t('careplans.editor.removeN', { n })}
                  data-testid="touch-remove"
                >
                  {t('careplans.editor.remove')}
                </Button>
              </Group>
              {problems.length > 0 && (
                <Text size="xs" c="red" data-testid="touch-problems">
                  {problems.map((p) => t(p)).join(' · ')}
                </Text>
              )}
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button variant="light" onClick={add} disabled={disabled} data-testid="touch-add">
          {t('careplans.editor.addTouch')}
        </Button>
      </Group>
    </Stack>
  );
}

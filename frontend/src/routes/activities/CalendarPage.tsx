import { Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/lookups';
import { unwrap } from '../../api/problem';
import { getCalendar, type CalendarEntry } from '../../api/sdk';
import { useMe } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { todayInHelsinki } from '../../lib/format';
import { addDays, helsinkiDay, helsinkiMidnight, helsinkiTime, viewDays, type Day } from './lookups';

type View = 'week' | 'month';

function weekdayName(day: Day, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : `${language}-FI`, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

function periodLabel(view: View, days: Day[], anchor: Day, language: string): string {
  const locale = language === 'en' ? 'en-GB' : `${language}-FI`;
  if (view === 'month') return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${anchor}T12:00:00Z`));
  const fmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' });
  return `${fmt.format(new Date(`${days[0]}T12:00:00Z`))} – ${fmt.format(new Date(`${days[6]}T12:00:00Z`))}`;
}

function EntryLine({ entry, language }: { entry: CalendarEntry; language: string }) {
  const { t } = useTranslation();
  const time = helsinkiTime(entry.start, language);
  if (entry.busy || !entry.activity) {
    return (
      <Text size="xs" c="dimmed" data-testid="calendar-busy">
        {time} {t('activities.calendar.busy')}
      </Text>
    );
  }
  const a = entry.activity;
  return (
    <Text size="xs" data-testid="calendar-entry" td={a.status === 'done' ? 'line-through' : undefined}>
      {time}{' '}
      <Link to="/activities/$activityId" params={{ activityId: a.id }} tabIndex={-1}>
        {a.subject}
      </Link>
    </Text>
  );
}

/** A user's calendar as a week or month grid; a colleague's calendar shows what you may not
 * read as busy blocks. Arrow keys move between days, Page Up/Down between periods, T to today. */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const [view, setView] = useState<View>('week');
  const [focused, setFocused] = useState<Day>(() => todayInHelsinki());
  const [userId, setUserId] = useState<string | null>(null);
  const who = userId ?? me.data?.id ?? null;
  const days = viewDays(view, focused);
  const from = helsinkiMidnight(days[0]!);
  const to = helsinkiMidnight(addDays(days[days.length - 1]!, 1));
  const calendar = useQuery({
    queryKey: ['calendar', who, from, to],
    queryFn: () => unwrap(getCalendar({ query: { from, to, user_id: who } })),
    enabled: who !== null,
  });
  const byDay = new Map<Day, CalendarEntry[]>();
  for (const entry of calendar.data?.entries ?? []) {
    const day = helsinkiDay(entry.start);
    byDay.set(day, [...(byDay.get(day) ?? []), entry]);
  }
  const grid = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    grid.current?.querySelector<HTMLElement>(`[data-day="${focused}"]`)?.focus();
  }, [focused, view]);

  function move(next: Day) {
    moved.current = true;
    setFocused(next);
  }
  function shift(direction: 1 | -1) {
    if (view === 'week') move(addDays(focused, 7 * direction));
    else {
      const [y, m] = focused.split('-').map(Number) as [number, number];
      const d = new Date(Date.UTC(y, m - 1 + direction, 1, 12));
      move(d.toISOString().slice(0, 10));
    }
  }
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const steps: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    if (event.key in steps) {
      event.preventDefault();
      move(addDays(focused, steps[event.key]!));
    } else if (event.key === 'PageUp' || event.key === 'PageDown') {
      event.preventDefault();
      shift(event.key === 'PageUp' ? -1 : 1);
    } else if (event.key === 't' || event.key === 'T') {
      move(todayInHelsinki());
    }
  }
  const today = todayInHelsinki();
  const userOptions = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('activities.calendar.title')}</Title>
        <Button component={Link} to="/activities/new" data-testid="calendar-new-activity">
          {t('activities.form.newTitle')}
        </Button>
      </Group>
      <Group>
        <Select label={t('activities.calendar.whose')} searchable data={userOptions} value={who} onChange={(id) => setUserId(id)} allowDeselect={false} w={260} data-testid="calendar-user" />
        <SegmentedControl
          value={view}
          onChange={(value) => setView(value as View)}
          data={[
            { value: 'week', label: t('activities.calendar.week') },
            { value: 'month', label: t('activities.calendar.month') },
          ]}
          data-testid="calendar-view"
        />
        <Group gap={4}>
          <Button variant="default" onClick={() => shift(-1)} aria-label={t('activities.calendar.previous')} data-testid="calendar-previous">
            ‹
          </Button>
          <Button variant="default" onClick={() => move(today)} data-testid="calendar-today">
            {t('activities.calendar.today')}
          </Button>
          <Button variant="default" onClick={() => shift(1)} aria-label={t('activities.calendar.next')} data-testid="calendar-next">
            ›
          </Button>
        </Group>
        <Text fw={500} data-testid="calendar-period" aria-live="polite">
          {periodLabel(view, days, focused, i18n.language)}
        </Text>
      </Group>
      <ErrorAlert error={calendar.error} />
      {calendar.data?.truncated && <Badge color="yellow">{t('activities.calendar.truncated')}</Badge>}
      <Text size="xs" c="dimmed">
        {t('activities.calendar.keys')}
      </Text>
      <div ref={grid} role="grid" aria-label={t('activities.calendar.title')} onKeyDown={onKeyDown} data-testid="calendar-grid" style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 4 }}>
        {days.map((day) => {
          const entries = byDay.get(day) ?? [];
          const outside = view === 'month' && day.slice(0, 7) !== focused.slice(0, 7);
          return (
            <Paper
              key={day}
              role="gridcell"
              withBorder
              p={4}
              mih={view === 'week' ? 160 : 90}
              tabIndex={day === focused ? 0 : -1}
              data-day={day}
              data-testid="calendar-day"
              aria-selected={day === focused}
              aria-label={`${weekdayName(day, i18n.language)} ${day}, ${t('activities.calendar.count', { count: entries.length })}`}
              onClick={() => move(day)}
              style={{ opacity: outside ? 0.55 : 1, outline: day === focused ? '2px solid var(--mantine-color-blue-5)' : undefined }}
            >
              <Text size="xs" fw={day === today ? 700 : 400}>
                {weekdayName(day, i18n.language)} {Number(day.slice(8))}.{Number(day.slice(5, 7))}.
              </Text>
              {entries.map((entry, i) => (
                <EntryLine key={entry.activity?.id ?? `${entry.start}-${i}`} entry={entry} language={i18n.language} />
              ))}
            </Paper>
          );
        })}
      </div>
    </Stack>
  );
}

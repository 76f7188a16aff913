import { ActionIcon, Badge, Box, Button, Group, Indicator, Loader, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { getUnreadCount, listNotifications, markAllNotificationsRead, markNotificationRead, type Notification } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';

export const UNREAD_POLL_MS = 30_000;
export const unreadCountKey = ['notifications', 'unread-count'] as const;

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** The web app's path for a notification's record (the server sends `link`; fall back to the type). */
export function notificationPath(n: Pick<Notification, 'link' | 'record_type' | 'record_id'>): string | null {
  if (n.link) return n.link;
  if (!n.record_id) return null;
  switch (n.record_type) {
    case 'service_request':
      return `/service-requests/${n.record_id}`;
    case 'account':
      return `/accounts/${n.record_id}`;
    case 'contact':
      return `/contacts/${n.record_id}`;
    case 'sales_project':
      return `/sales-projects/${n.record_id}`;
    default:
      return null;
  }
}

/** The header's bell: unread count (polled every 30 s), the latest notifications, mark read. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const unread = useQuery({
    queryKey: unreadCountKey,
    queryFn: () => unwrap(getUnreadCount()),
    refetchInterval: UNREAD_POLL_MS,
    staleTime: 0,
  });
  const list = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => unwrap(listNotifications({ query: { limit: 20 } })),
    enabled: opened,
    staleTime: 0,
  });
  const count = unread.data?.count ?? 0;

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: ['notifications'] });
  }

  async function open(n: Notification) {
    if (!n.read_at) await unwrap(markNotificationRead({ path: { notification_id: n.id } })).catch(() => undefined);
    setOpened(false);
    void refresh();
    const path = notificationPath(n);
    if (path) void navigate({ to: path });
  }

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator label={count > 99 ? '99+' : count} size={16} color="red" disabled={count === 0} offset={4} data-testid="notification-count" data-count={count}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.title')}
            onClick={() => setOpened((o) => !o)}
            data-testid="notification-bell"
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="notification-list">
        <Group justify="space-between" mb="xs">
          <Text fw={600}>{t('notifications.title')}</Text>
          <Button
            size="compact-xs"
            variant="subtle"
            disabled={count === 0}
            onClick={() => void unwrap(markAllNotificationsRead()).then(refresh)}
            data-testid="notifications-read-all"
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <ErrorAlert error={list.error} />
        {list.isPending && opened ? (
          <Loader size="sm" />
        ) : (list.data?.items.length ?? 0) === 0 ? (
          <Text c="dimmed" size="sm">
            {t('notifications.empty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <Stack gap={4}>
              {list.data?.items.map((n) => (
                <Group key={n.id} wrap="nowrap" align="flex-start" gap="xs" data-testid="notification-item" data-unread={!n.read_at}>
                  <UnstyledButton onClick={() => void open(n)} style={{ flex: 1 }} p={6}>
                    <Group gap={6} wrap="nowrap" align="flex-start">
                      {!n.read_at && <Badge size="xs" circle color="blue" aria-label={t('notifications.unread')} mt={4} />}
                      <Box>
                        <Text size="sm" fw={n.read_at ? 400 : 600}>
                          {n.title}
                        </Text>
                        {n.body && (
                          <Text size="xs" c="dimmed" lineClamp={3} style={{ whiteSpace: 'pre-line' }}>
                            {n.body}
                          </Text>
                        )}
                        <Text size="xs" c="dimmed">
                          {formatDateTime(n.created_at, i18n.language)}
                        </Text>
                      </Box>
                    </Group>
                  </UnstyledButton>
                  {!n.read_at && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => void unwrap(markNotificationRead({ path: { notification_id: n.id } })).then(refresh)}
                      data-testid="notification-mark-read"
                    >
                      {t('notifications.markRead')}
                    </Button>
                  )}
                </Group>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

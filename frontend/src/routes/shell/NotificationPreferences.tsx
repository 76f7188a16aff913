import { Button, Group, Loader, Modal, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/problem';
import { getNotificationPreferences, putNotificationPreferences, type NotificationKind } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';

type Preference = { kind: NotificationKind; in_app: boolean; email: boolean };

/** Per kind of notification: in the app, by email, both or neither. */
export function NotificationPreferences({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: ['notifications', 'preferences'],
    queryFn: () => unwrap(getNotificationPreferences()),
    enabled: opened,
  });
  const [items, setItems] = useState<Preference[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (current.data) setItems(current.data.items);
  }, [current.data]);

  const set = (kind: NotificationKind, patch: Partial<Preference>) => setItems((list) => list.map((p) => (p.kind === kind ? { ...p, ...patch } : p)));

  async function save() {
    setBusy(true);
    setFailure(null);
    try {
      await unwrap(putNotificationPreferences({ body: { items } }));
      await queryClient.invalidateQueries({ queryKey: ['notifications', 'preferences'] });
      notifications.show({ color: 'green', message: t('common.saved') });
      onClose();
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('notifications.preferences')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <ErrorAlert error={current.error ?? failure} />
        {!current.data ? (
          <Loader size="sm" />
        ) : (
          <Table data-testid="notification-preferences">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>{t('notifications.inApp')}</Table.Th>
                <Table.Th>{t('notifications.email')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.kind}>
                  <Table.Td>
                    <Text size="sm">{t(`notifications.kinds.${p.kind}`, { defaultValue: p.kind })}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Switch checked={p.in_app} onChange={(e) => set(p.kind, { in_app: e.currentTarget.checked })} aria-label={`${t(`notifications.kinds.${p.kind}`, { defaultValue: p.kind })}: ${t('notifications.inApp')}`} />
                  </Table.Td>
                  <Table.Td>
                    <Switch checked={p.email} onChange={(e) => set(p.kind, { email: e.currentTarget.checked })} aria-label={`${t(`notifications.kinds.${p.kind}`, { defaultValue: p.kind })}: ${t('notifications.email')}`} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => void save()} loading={busy} disabled={!current.data} data-testid="preferences-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

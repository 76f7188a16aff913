import { Anchor, Modal, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/sdk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRoles } from './useAdminLists';

export function RolesPage() {
  const { t } = useTranslation();
  const roles = useRoles();
  const [viewing, setViewing] = useState<Role | null>(null);
  return (
    <>
      <Title order={2} mb="md">
        {t('nav.roles')}
      </Title>
      <ErrorAlert error={roles.error} />
      <Table striped data-testid="roles-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('common.name')}</Table.Th>
            <Table.Th>{t('admin.privileges')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(roles.data?.items ?? []).map((role) => (
            <Table.Tr key={role.id}>
              <Table.Td>{role.name}</Table.Td>
              <Table.Td>
                <Anchor component="button" type="button" onClick={() => setViewing(role)}>
                  {t('admin.viewPrivileges')} ({(role.privileges ?? []).length})
                </Anchor>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal closeButtonProps={{ 'aria-label': t('common.close') }} opened={viewing !== null} onClose={() => setViewing(null)} title={`${t('admin.privileges')}: ${viewing?.name ?? ''}`} size="lg">
        <Table striped data-testid="privileges-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.entity')}</Table.Th>
              <Table.Th>{t('admin.action')}</Table.Th>
              <Table.Th>{t('admin.depth')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(viewing?.privileges ?? []).map((p) => (
              <Table.Tr key={`${p.entity}-${p.action}`}>
                <Table.Td>{t(`admin.entities.${p.entity}`, { defaultValue: p.entity })}</Table.Td>
                <Table.Td>{t(`admin.actions.${p.action}`, { defaultValue: p.action })}</Table.Td>
                <Table.Td>{t(`admin.depths.${p.depth}`, { defaultValue: p.depth })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </>
  );
}

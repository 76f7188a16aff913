import { Badge, Button, Group, Loader, Modal, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/permissions';
import { ApiError, unwrap } from '../../api/problem';
import { createProjectType } from '../../api/sdk';
import { AnchorLink } from '../../components/AnchorLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { newIdempotencyKey } from '../../lib/format';
import { useProjectTypes } from '../sales/lookups';
import { localName } from '../sales/status';
import { keyFromName } from '../sales/templateEditor';

/** A new type with its key, names and a first stage; the other stages are added in the editor. */
function NewTypeForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState({ key: '', name: '', name_en: '', name_sv: '', description: '', stage: '' });
  const [keyEdited, setKeyEdited] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());
  const set = (patch: Partial<typeof values>) => setValues((v) => ({ ...v, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setErrors({});
    try {
      const stageName = values.stage.trim() || values.name.trim();
      const created = await unwrap(
        createProjectType({
          body: {
            key: values.key.trim(),
            name: values.name.trim(),
            name_en: values.name_en.trim() || null,
            name_sv: values.name_sv.trim() || null,
            description: values.description.trim() || null,
            stages: [{ key: keyFromName(stageName) || 'stage_1', name: stageName, default_duration_days: 5, responsibles: [] }],
          },
          headers: { 'Idempotency-Key': idempotencyKey.current },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['project-types'] });
      onDone();
      void navigate({ to: '/admin/project-types/$typeId', params: { typeId: created.id } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} data-testid="project-type-form">
      <Stack>
        <ErrorAlert error={failure} />
        <TextInput
          label={t('projectTypes.nameFi')}
          required
          data-autofocus
          value={values.name}
          onChange={(e) => {
            const name = e.currentTarget.value;
            set({ name, ...(keyEdited ? {} : { key: keyFromName(name) }) });
          }}
          error={errors.name}
          data-testid="type-name"
        />
        <TextInput label={t('projectTypes.nameEn')} value={values.name_en} onChange={(e) => set({ name_en: e.currentTarget.value })} error={errors.name_en} />
        <TextInput label={t('projectTypes.nameSv')} value={values.name_sv} onChange={(e) => set({ name_sv: e.currentTarget.value })} error={errors.name_sv} />
        <TextInput
          label={t('projectTypes.key')}
          description={t('projectTypes.keyHint')}
          required
          value={values.key}
          onChange={(e) => {
            setKeyEdited(true);
            set({ key: e.currentTarget.value });
          }}
          error={errors.key}
          data-testid="type-key"
        />
        <Textarea label={t('projectTypes.description')} autosize minRows={2} value={values.description} onChange={(e) => set({ description: e.currentTarget.value })} />
        <TextInput
          label={t('projectTypes.firstStage')}
          description={t('projectTypes.firstStageHint')}
          value={values.stage}
          onChange={(e) => set({ stage: e.currentTarget.value })}
          error={errors['stages.0.name'] ?? errors['stages.0.key']}
          data-testid="type-first-stage"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="type-save">
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Project types (kaasuliittymämyynti, lämpöliittymämyynti, …) with their current template version. */
export function ProjectTypesPage() {
  const { t, i18n } = useTranslation();
  const permissions = usePermissions();
  const types = useProjectTypes();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('projectTypes.title')}</Title>
        {permissions.can('project_type', 'create') && (
          <Button onClick={() => setCreating(true)} data-testid="new-project-type">
            {t('projectTypes.new')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={types.error} />
      {!types.data ? (
        <Loader />
      ) : (
        <Table striped data-testid="project-types-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('common.name')}</Table.Th>
              <Table.Th>{t('projectTypes.key')}</Table.Th>
              <Table.Th ta="right">{t('projectTypes.version')}</Table.Th>
              <Table.Th ta="right">{t('projectTypes.stageCount')}</Table.Th>
              <Table.Th>{t('sales.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {types.data.map((pt) => (
              <Table.Tr key={pt.id}>
                <Table.Td>
                  <AnchorLink to="/admin/project-types/$typeId" params={{ typeId: pt.id }}>
                    {localName(pt, i18n.language)}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {pt.key}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{pt.current_version}</Table.Td>
                <Table.Td ta="right">{pt.stages.length}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={pt.is_active ? 'teal' : 'gray'}>
                    {pt.is_active ? t('projectTypes.active') : t('projectTypes.inactive')}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {types.data?.length === 0 && (
        <Text c="dimmed" ta="center" mt="md">
          {t('sales.noTypes')}
        </Text>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('projectTypes.new')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {creating && <NewTypeForm onDone={() => setCreating(false)} />}
      </Modal>
    </>
  );
}

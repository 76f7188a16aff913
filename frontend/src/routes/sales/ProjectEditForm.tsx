import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrapWithResponse } from '../../api/problem';
import { updateSalesProject, type SalesProjectUpdate } from '../../api/sdk';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { SalesProject } from './model';
import { ProjectFields } from './ProjectFields';
import { changedProjectFields, projectErrors, valuesFromProject, type ProjectValues } from './projectForm';

/** Edits the project's fields: only the changed ones, with If-Match; a 412 offers a reload. */
export function ProjectEditForm({ project, etag, onSaved, onCancel, onReload }: {
  project: SalesProject;
  etag: string | null;
  onSaved: (project: SalesProject, etag: string | null) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<ProjectValues>(() => valuesFromProject(project, i18n.language));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = projectErrors(values, { creating: false });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    const patch = changedProjectFields(valuesFromProject(project, i18n.language), values);
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    try {
      const { data, response } = await unwrapWithResponse(
        updateSalesProject({ path: { project_id: project.id }, body: patch as SalesProjectUpdate, headers: { 'If-Match': etag ?? '*' } }),
      );
      onSaved(data, response.headers.get('ETag'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setErrors(e.fieldErrors());
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="project-edit-form">
      <Stack>
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={onReload} /> : <ErrorAlert error={failure instanceof ApiError && failure.status === 422 ? null : failure} />}
        <ProjectFields creating={false} values={values} errors={errors} onChange={(p) => setValues((v) => ({ ...v, ...p }))} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} data-testid="project-edit-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrapWithResponse } from '../../api/problem';
import { completeProjectStage, getSalesProject, type SalesProject } from '../../api/sdk';
import { CompletionDialog, type CompletionTarget } from './CompletionDialog';
import { completionPlan } from './completeFlow';

export const projectDetailKey = (id: string) => ['sales-projects', id, 'detail'] as const;

/** Everything that shows projects, stages or figures follows a stage change. */
export function invalidateSales(queryClient: ReturnType<typeof useQueryClient>, except?: readonly unknown[]) {
  const skip = except ? except.join('/') : null;
  for (const key of [['sales-projects'], ['reports'], ['notifications'], ['timeline']])
    void queryClient.invalidateQueries({ queryKey: key, predicate: (q) => q.queryKey.join('/') !== skip });
}

interface Open {
  project: SalesProject;
  etag: string | null;
  stageId: string;
  target: CompletionTarget;
}

/**
 * The completion dialog for any screen: `start(projectId)` reads the project (its stages and
 * ETag), prefills the dialog and, on confirm, completes the current stage with If-Match.
 * Returns `start`, the dialog element, and the last error of reading the project.
 */
export function useCompletion(onCompleted?: (project: SalesProject, etag: string | null) => void) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  /** `known`: the project as the caller already has it (its ETag too), to skip the read. */
  async function start(projectId: string, known?: { project: SalesProject; etag: string | null }) {
    setFailure(null);
    try {
      const loaded = known ?? (await (async () => {
        const { data, response } = await unwrapWithResponse(getSalesProject({ path: { project_id: projectId } }));
        return { project: data, etag: response.headers.get('ETag') };
      })());
      const plan = completionPlan(loaded.project, loaded.project.stages, i18n.language);
      if (!plan) {
        setFailure(new Error(t('sales.noCurrentStage')));
        return;
      }
      setOpen({ ...loaded, stageId: plan.stage.id, target: plan.target });
    } catch (e) {
      setFailure(e);
    }
  }

  const dialog = (
    <CompletionDialog
      target={open?.target ?? null}
      onClose={() => setOpen(null)}
      onSubmit={async (values) => {
        if (!open) return;
        const { data, response } = await unwrapWithResponse(
          completeProjectStage({
            path: { project_id: open.project.id, stage_id: open.stageId },
            body: {
              completed_on: values.completed_on,
              ...(values.note.trim() ? { note: values.note.trim() } : {}),
              ...(values.next_responsible_id ? { next_responsible_user_id: values.next_responsible_id } : {}),
            },
            headers: { 'If-Match': open.etag ?? '*' },
          }),
        );
        const etag = response.headers.get('ETag');
        queryClient.setQueryData(projectDetailKey(data.id), { project: data, etag });
        invalidateSales(queryClient, projectDetailKey(data.id));
        setOpen(null);
        notifications.show({ color: 'green', message: t('sales.stageCompleted') });
        onCompleted?.(data, etag);
      }}
    />
  );
  return { start, dialog, failure };
}

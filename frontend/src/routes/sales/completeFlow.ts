/** What the completion dialog needs to know about a project's current and next stage. */
import type { CompletionTarget } from './CompletionDialog';
import type { ProjectStage, SalesProject } from './model';
import { localName } from './status';

export interface CompletionPlan {
  stage: ProjectStage;
  target: CompletionTarget;
}

/** The current stage, as the server marks it (else the one in progress). */
export function currentStage(stages: ProjectStage[]): ProjectStage | undefined {
  return stages.find((s) => s.is_current) ?? stages.find((s) => s.status === 'in_progress');
}

/** The stage that becomes current after `stage`: the first later one not started. */
export function followingStage(stages: ProjectStage[], stage: ProjectStage): ProjectStage | undefined {
  return [...stages].sort((a, b) => a.position - b.position).find((s) => s.position > stage.position && s.status === 'not_started');
}

/**
 * The dialog's content for completing `stage` (default: the current one). The next
 * responsible is prefilled with the next stage's planned responsible — the template default
 * for the project's region — when that is a person; with nobody when it is a team (the
 * server then keeps the team); with the owner when the template names nobody.
 */
export function completionPlan(project: Pick<SalesProject, 'name' | 'owner_id'>, stages: ProjectStage[], language: string, stage = currentStage(stages)): CompletionPlan | null {
  if (!stage || stage.status !== 'in_progress') return null;
  const next = followingStage(stages, stage);
  const nextResponsibleId = !next ? null : (next.responsible_user_id ?? (next.responsible_team_id ? null : project.owner_id));
  return {
    stage,
    target: {
      projectName: project.name,
      stageName: localName(stage, language),
      nextStageName: next ? localName(next, language) : null,
      nextResponsibleId,
    },
  };
}

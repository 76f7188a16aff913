import { describe, expect, it } from 'vitest';
import { completionPlan } from './completeFlow';
import type { ProjectStage } from './model';

const project = { name: 'Kaasuliittymä', owner_id: 'u-owner' };
const stage = (id: string, position: number, status: ProjectStage['status'], patch: Partial<ProjectStage> = {}): ProjectStage =>
  ({ id, project_id: 'p1', key: id, name: `Vaihe ${id}`, name_en: `Stage ${id}`, position, is_customer_service: false, status, is_current: status === 'in_progress', checklist: [], ...patch }) as ProjectStage;

describe('completion plan', () => {
  it('prefills the next stage’s planned responsible, passing over skipped stages', () => {
    const stages = [stage('s1', 1, 'done'), stage('s2', 2, 'in_progress'), stage('s3', 3, 'skipped', { responsible_user_id: 'u-x' }), stage('s4', 4, 'not_started', { responsible_user_id: 'u-colleague' })];
    expect(completionPlan(project, stages, 'en')).toEqual({
      stage: stages[1],
      target: { projectName: 'Kaasuliittymä', stageName: 'Stage s2', nextStageName: 'Stage s4', nextResponsibleId: 'u-colleague' },
    });
  });

  it('leaves a team default to the server, falls back to the owner, and knows the last stage', () => {
    const team = [stage('s2', 2, 'in_progress'), stage('s3', 3, 'not_started', { responsible_team_id: 't-service' })];
    expect(completionPlan(project, team, 'fi')!.target.nextResponsibleId).toBeNull();
    const nobody = [stage('s2', 2, 'in_progress'), stage('s3', 3, 'not_started')];
    expect(completionPlan(project, nobody, 'fi')!.target.nextResponsibleId).toBe('u-owner');
    const last = [stage('s1', 1, 'done'), stage('s2', 2, 'in_progress')];
    expect(completionPlan(project, last, 'fi')!.target).toMatchObject({ nextStageName: null, nextResponsibleId: null });
    expect(completionPlan(project, [stage('s1', 1, 'done')], 'fi')).toBeNull();
  });
});

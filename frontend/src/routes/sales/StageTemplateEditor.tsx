import { ActionIcon, Alert, Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { searchUsers, useUserName } from '../../api/lookups';
import { ApiError } from '../../api/problem';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RemoteSelect, type Option } from '../../components/RemoteSelect';
import { draftErrors, emptyStage, keyFromName, moveStage, uniqueKey, type ResponsibleRow, type StageDraft } from './templateEditor';

function ResponsibleEditor({ row, teams, error, onChange, onRemove, index }: {
  row: ResponsibleRow;
  teams: Option[];
  error?: string;
  onChange: (row: ResponsibleRow) => void;
  onRemove: () => void;
  index: number;
}) {
  const { t } = useTranslation();
  const userName = useUserName(row.user_id);
  const kind = row.team_id ? 'team' : 'user';
  return (
    <Group align="flex-end" gap="xs" wrap="nowrap" data-testid="responsible-row">
      <TextInput
        label={index === 0 ? t('projectTypes.region') : undefined}
        aria-label={t('projectTypes.region')}
        placeholder={t('projectTypes.regionDefault')}
        value={row.region}
        onChange={(e) => onChange({ ...row, region: e.currentTarget.value })}
        error={error}
        w={170}
        data-testid="responsible-region"
      />
      <SegmentedControl
        size="xs"
        value={kind}
        onChange={(v) => onChange({ ...row, user_id: null, team_id: null, ...(v === 'team' ? { team_id: teams[0]?.value ?? null } : {}) })}
        data={[
          { value: 'user', label: t('projectTypes.user') },
          { value: 'team', label: t('projectTypes.team') },
        ]}
      />
      {kind === 'user' ? (
        <RemoteSelect
          kind="users"
          aria-label={t('sales.responsible')}
          label={index === 0 ? t('sales.responsible') : undefined}
          value={row.user_id}
          selectedLabel={userName}
          onChange={(user_id) => onChange({ ...row, user_id, team_id: null })}
          search={searchUsers}
          w={230}
          data-testid="responsible-user"
        />
      ) : (
        <Select
          aria-label={t('projectTypes.team')}
          label={index === 0 ? t('sales.responsible') : undefined}
          data={teams}
          value={row.team_id}
          onChange={(team_id) => onChange({ ...row, team_id, user_id: null })}
          w={230}
          searchable
        />
      )}
      <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('projectTypes.removeRegion')} mb={4}>
        ✕
      </ActionIcon>
    </Group>
  );
}

function StageCard({ stage, index, count, errors, teams, takenKeys, onChange, onMove, onRemove, dragHandlers }: {
  stage: StageDraft;
  /** Keys of the other stages. */
  takenKeys: string[];
  index: number;
  count: number;
  errors: Record<string, string>;
  teams: Option[];
  onChange: (stage: StageDraft) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  dragHandlers: HTMLAttributes<HTMLDivElement>;
}) {
  const { t } = useTranslation();
  const err = (field: string) => (errors[`${index}.${field}`] ? t(errors[`${index}.${field}`]!) : undefined);
  const set = (patch: Partial<StageDraft>) => onChange({ ...stage, ...patch });
  return (
    <Paper withBorder p="sm" data-testid="template-stage" data-key={stage.key} {...dragHandlers}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text c="dimmed" style={{ cursor: 'grab' }} aria-hidden>
            ⋮⋮
          </Text>
          <Text fw={600}>
            {index + 1}. {stage.name || t('projectTypes.newStage')}
          </Text>
        </Group>
        <Group gap={4}>
          <ActionIcon variant="default" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('projectTypes.moveUp', { name: stage.name || index + 1 })} data-testid="stage-up">
            ↑
          </ActionIcon>
          <ActionIcon variant="default" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('projectTypes.moveDown', { name: stage.name || index + 1 })} data-testid="stage-down">
            ↓
          </ActionIcon>
          <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('projectTypes.removeStage')} data-testid="stage-remove">
            ✕
          </ActionIcon>
        </Group>
      </Group>
      <Group grow align="flex-start">
        <TextInput
          label={t('projectTypes.nameFi')}
          required
          value={stage.name}
          onChange={(e) => {
            const name = e.currentTarget.value;
            set({ name, ...(stage.autoKey ? { key: uniqueKey(keyFromName(name), takenKeys) } : {}) });
          }}
          error={err('name')}
          data-testid="stage-name"
        />
        <TextInput label={t('projectTypes.nameEn')} value={stage.name_en} onChange={(e) => set({ name_en: e.currentTarget.value })} error={err('name_en')} />
        <TextInput label={t('projectTypes.nameSv')} value={stage.name_sv} onChange={(e) => set({ name_sv: e.currentTarget.value })} error={err('name_sv')} />
      </Group>
      <Group grow align="flex-start" mt="xs">
        <TextInput label={t('projectTypes.key')} description={t('projectTypes.keyHint')} value={stage.key} onChange={(e) => set({ key: e.currentTarget.value, autoKey: false })} error={err('key')} data-testid="stage-key" />
        <NumberInput
          label={t('projectTypes.duration')}
          min={0}
          max={3650}
          allowDecimal={false}
          value={stage.default_duration_days}
          onChange={(v) => set({ default_duration_days: typeof v === 'number' ? v : 0 })}
          error={err('default_duration_days')}
          data-testid="stage-duration"
        />
        <Checkbox
          mt="xl"
          label={t('sales.customerServiceStage')}
          checked={stage.is_customer_service}
          onChange={(e) => set({ is_customer_service: e.currentTarget.checked })}
          data-testid="stage-customer-service"
        />
      </Group>
      <Textarea
        mt="xs"
        label={t('projectTypes.checklist')}
        description={t('projectTypes.checklistHint')}
        autosize
        minRows={1}
        value={stage.checklist.join('\n')}
        onChange={(e) => set({ checklist: e.currentTarget.value.split('\n') })}
        error={err('checklist')}
        data-testid="stage-checklist-input"
      />
      <Stack gap={4} mt="xs">
        <Text size="sm" fw={500}>
          {t('projectTypes.responsibles')}
        </Text>
        {stage.responsibles.map((row, j) => (
          <ResponsibleEditor
            key={j}
            index={j}
            row={row}
            teams={teams}
            error={err(`responsibles.${j}`)}
            onChange={(next) => set({ responsibles: stage.responsibles.map((r, k) => (k === j ? next : r)) })}
            onRemove={() => set({ responsibles: stage.responsibles.filter((_, k) => k !== j) })}
          />
        ))}
        <Group>
          <Button size="compact-xs" variant="subtle" onClick={() => set({ responsibles: [...stage.responsibles, { region: '', user_id: null, team_id: null }] })} data-testid="add-region">
            {t('projectTypes.addRegion')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export interface SaveResult {
  /** published: a new version became current; rewritten: no project used it, changed in place. */
  outcome: 'published' | 'rewritten' | 'unchanged';
  version: number;
}

/** Ordered stages of a project type: drag or ↑/↓ to reorder; saving publishes a new version when anything changed. */
export function StageTemplateEditor({ initial, teams, onSave, onReload, currentVersion, readOnly = false }: {
  initial: StageDraft[];
  teams: Option[];
  currentVersion: number;
  readOnly?: boolean;
  onSave: (stages: StageDraft[]) => Promise<SaveResult>;
  /** After a 412: the type changed meanwhile; reload it (and the editor). */
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const [stages, setStages] = useState<StageDraft[]>(initial);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [result, setResult] = useState<SaveResult | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const cleaned = stages.map((s) => ({ ...s, checklist: s.checklist.map((i) => i.trim()).filter(Boolean) }));
    const found = draftErrors(cleaned);
    setErrors(found);
    setFailure(null);
    setResult(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      setResult(await onSave(cleaned));
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        // "stages.2.name" → "2.name"
        const mapped: Record<string, string> = {};
        for (const [k, v] of Object.entries(e.fieldErrors())) mapped[k.replace(/^stages\./, '')] = v;
        setErrors(mapped);
      }
      setFailure(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="template-editor">
      <Stack>
        <Group justify="space-between">
          <Title order={4}>{t('projectTypes.stagesOfVersion', { version: currentVersion })}</Title>
          {!readOnly && (
            <Button variant="light" onClick={() => setStages((s) => [...s, emptyStage(s.map((x) => x.key))])} data-testid="add-stage">
              {t('projectTypes.addStage')}
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {t('projectTypes.versionHint')}
        </Text>
        {result && (
          <Alert color={result.outcome === 'unchanged' ? 'gray' : 'teal'} data-testid="template-saved" data-outcome={result.outcome}>
            {t(`projectTypes.outcome.${result.outcome}`, { version: result.version })}
          </Alert>
        )}
        {errors._ && <Alert color="red">{t(errors._)}</Alert>}
        {failure instanceof ApiError && failure.status === 412 ? <ConflictAlert onReload={onReload} /> : <ErrorAlert error={failure instanceof ApiError && failure.status === 422 && Object.keys(errors).length > 0 ? null : failure} />}
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, display: 'contents' }}>
        {stages.map((stage, index) => (
          <StageCard
            key={stage.uid}
            stage={stage}
            index={index}
            count={stages.length}
            errors={errors}
            teams={teams}
            takenKeys={stages.filter((_, i) => i !== index).map((s) => s.key)}
            onChange={(next) => setStages((all) => all.map((s, i) => (i === index ? next : s)))}
            onMove={(to) => setStages((all) => moveStage(all, index, to))}
            onRemove={() => setStages((all) => all.filter((_, i) => i !== index))}
            dragHandlers={{
              draggable: !readOnly,
              onDragStart: (e) => {
                // Only a drag that starts on the card itself, not on text being selected in a field.
                if ((e.target as HTMLElement).closest('input, textarea')) return;
                e.dataTransfer.setData('text/plain', stage.key);
                setDragFrom(index);
              },
              onDragOver: (e) => {
                if (dragFrom !== null) e.preventDefault();
              },
              onDrop: (e) => {
                e.preventDefault();
                if (dragFrom !== null) setStages((all) => moveStage(all, dragFrom, index));
                setDragFrom(null);
              },
              onDragEnd: () => setDragFrom(null),
            }}
          />
        ))}
        </fieldset>
        {!readOnly && (
          <Group justify="flex-end">
            <Button type="submit" loading={busy} data-testid="template-save">
              {t('projectTypes.saveStages')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

import { Grid, NumberInput, Select, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { searchUsers, useAccountName, useUserName } from '../../api/lookups';
import { RemoteSelect } from '../../components/RemoteSelect';
import { searchAccounts } from '../service/search';
import { typeOptions, useProjectTypes } from './lookups';
import type { ProjectValues } from './projectForm';

interface Props {
  values: ProjectValues;
  errors: Record<string, string>;
  onChange: (patch: Partial<ProjectValues>) => void;
  /** Creating: account, type and first responsible can be chosen; editing: they are fixed. */
  creating: boolean;
  /** Called when the account changes (the page defaults the region from it). */
  onAccountChange?: (accountId: string | null) => void;
}

/** The sales project's fields; error values are translation keys or server messages. */
export function ProjectFields({ values, errors, onChange, creating, onAccountChange }: Props) {
  const { t, i18n } = useTranslation();
  const types = useProjectTypes();
  const accountName = useAccountName(values.account_id);
  const responsibleName = useUserName(values.first_responsible_user_id);
  const err = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  return (
    <Grid>
      {creating && (
        <>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <RemoteSelect
              kind="accounts"
              label={t('sales.account')}
              placeholder={t('sales.accountSearch')}
              required
              name="account_id"
              value={values.account_id}
              selectedLabel={accountName}
              onChange={(account_id) => {
                onChange({ account_id });
                onAccountChange?.(account_id);
              }}
              search={searchAccounts}
              error={err('account_id')}
              data-testid="project-account"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label={t('sales.type')}
              required
              name="project_type_id"
              searchable
              data={typeOptions(types.data, i18n.language, { activeOnly: true })}
              value={values.project_type_id}
              onChange={(project_type_id) => onChange({ project_type_id })}
              nothingFoundMessage={t('common.noResults')}
              error={err('project_type_id')}
              data-testid="project-type"
            />
          </Grid.Col>
        </>
      )}
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <TextInput label={t('sales.name')} required name="name" maxLength={200} value={values.name} onChange={(e) => onChange({ name: e.currentTarget.value })} error={err('name')} data-testid="project-name" />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <TextInput
          label={t('sales.region')}
          name="region"
          maxLength={100}
          description={creating ? t('sales.regionFromAccount') : undefined}
          value={values.region}
          onChange={(e) => onChange({ region: e.currentTarget.value })}
          error={err('region')}
          data-testid="project-region"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4 }}>
        <TextInput
          label={t('sales.value')}
          name="estimated_value"
          inputMode="decimal"
          placeholder={t('sales.valueHint')}
          value={values.estimated_value}
          onChange={(e) => onChange({ estimated_value: e.currentTarget.value })}
          error={err('estimated_value')}
          data-testid="project-value"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4 }}>
        <NumberInput
          label={t('sales.probability')}
          name="probability"
          min={0}
          max={100}
          allowDecimal={false}
          suffix=" %"
          value={values.probability}
          onChange={(v) => onChange({ probability: typeof v === 'number' ? v : '' })}
          error={err('probability')}
          data-testid="project-probability"
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4 }}>
        <TextInput
          type="date"
          label={t('sales.expectedDecision')}
          name="expected_decision_date"
          value={values.expected_decision_date}
          onChange={(e) => onChange({ expected_decision_date: e.currentTarget.value })}
          error={err('expected_decision_date')}
          data-testid="project-decision-date"
        />
      </Grid.Col>
      {creating && (
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <RemoteSelect
            kind="users"
            label={t('sales.firstResponsible')}
            description={t('sales.firstResponsibleHint')}
            name="first_responsible_user_id"
            clearable
            value={values.first_responsible_user_id}
            selectedLabel={responsibleName}
            onChange={(first_responsible_user_id) => onChange({ first_responsible_user_id })}
            search={searchUsers}
            error={err('first_responsible_user_id')}
            data-testid="project-first-responsible"
          />
        </Grid.Col>
      )}
      <Grid.Col span={12}>
        <Textarea label={t('sales.description')} name="description" autosize minRows={3} value={values.description} onChange={(e) => onChange({ description: e.currentTarget.value })} error={err('description')} data-testid="project-description" />
      </Grid.Col>
    </Grid>
  );
}

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../i18n';
import { users } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { StageTemplateEditor } from './StageTemplateEditor';
import { newUid, type StageDraft } from './templateEditor';

const stage = (key: string, name: string, patch: Partial<StageDraft> = {}): StageDraft => ({
  uid: newUid(),
  key,
  name,
  name_en: '',
  name_sv: '',
  default_duration_days: 5,
  is_customer_service: false,
  checklist: [],
  responsibles: [{ region: '*', user_id: 'u-sanna', team_id: null }],
  autoKey: false,
  ...patch,
});

describe('stage template editor', () => {
  beforeEach(async () => {
    await changeLanguage('en');
    installFakeApi({ 'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }) });
  });

  it('reorders stages with the up/down buttons and saves them in the new order, showing the published version', async () => {
    const onSave = vi.fn(async (_: StageDraft[]) => ({ outcome: 'published' as const, version: 3 }));
    renderWithProviders(
      <StageTemplateEditor
        initial={[stage('offer', 'Tarjous'), stage('contract', 'Sopimus', { is_customer_service: true }), stage('build', 'Rakentaminen')]}
        teams={[]}
        currentVersion={2}
        onSave={onSave}
        onReload={() => {}}
      />,
    );
    const cards = () => screen.getAllByTestId('template-stage').map((c) => c.getAttribute('data-key'));
    expect(cards()).toEqual(['offer', 'contract', 'build']);
    const [first, , last] = screen.getAllByTestId('template-stage');
    expect(within(first!).getByTestId('stage-up')).toBeDisabled();
    expect(within(last!).getByTestId('stage-down')).toBeDisabled();

    await userEvent.click(within(first!).getByTestId('stage-down'));
    expect(cards()).toEqual(['contract', 'offer', 'build']);
    await userEvent.click(within(screen.getAllByTestId('template-stage')[2]!).getByTestId('stage-up'));
    expect(cards()).toEqual(['contract', 'build', 'offer']);

    // A new stage takes its key from its Finnish name.
    await userEvent.click(screen.getByTestId('add-stage'));
    const added = screen.getAllByTestId('template-stage')[3]!;
    await userEvent.type(within(added).getByTestId('stage-name'), 'Laskuta liittymä');
    expect(within(added).getByTestId('stage-key')).toHaveValue('laskuta_liittyma');

    await userEvent.click(screen.getByTestId('template-save'));
    await waitFor(() => expect(onSave).toHaveBeenCalledOnce());
    const saved = onSave.mock.calls[0]![0];
    expect(saved.map((s) => s.key)).toEqual(['contract', 'build', 'offer', 'laskuta_liittyma']);
    expect(saved[0]!.is_customer_service).toBe(true);
    expect(await screen.findByTestId('template-saved')).toHaveTextContent('New version 3 published');
  });

  it('does not save a stage without a name or with a duplicate key', async () => {
    const onSave = vi.fn(async () => ({ outcome: 'unchanged' as const, version: 1 }));
    renderWithProviders(<StageTemplateEditor initial={[stage('offer', 'Tarjous'), stage('offer', '')]} teams={[]} currentVersion={1} onSave={onSave} onReload={() => {}} />);
    await userEvent.click(screen.getByTestId('template-save'));
    expect(await screen.findByText('Enter the stage name.')).toBeInTheDocument();
    expect(screen.getByText('Another stage has the same key.')).toBeInTheDocument();
    expect(onSave).not.toHaveBeenCalled();
  });
});

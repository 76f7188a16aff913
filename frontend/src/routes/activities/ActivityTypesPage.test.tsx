import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { adminMe, feedbackType, installActivitiesApi, makeType, sellerMe } from './testing';

describe('activity types admin', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('creates a type with keywords and deactivates one, with the ETag', async () => {
    const api = installActivitiesApi(adminMe, {
      'POST /api/v1/activity-types': () => json(201, makeType('at-fair', 'fair'), { ETag: '"1"' }),
      'POST /api/v1/activity-types/at-fb/deactivate': () => json(200, { ...feedbackType, is_active: false, version: 2 }),
    });
    renderApp('/admin/activity-types');
    const rows = await screen.findAllByTestId('activity-type-row', {}, { timeout: 5000 });
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('Customer feedback');
    expect(rows[1]).toHaveTextContent('Positive, Negative');
    // the default type of a kind offers no deactivation
    expect(within(rows[0]!).queryByTestId('activity-type-deactivate')).toBeNull();
    await userEvent.click(within(rows[1]!).getByTestId('activity-type-deactivate'));
    await waitFor(() => expect(api.requests.some((r) => r.path === '/api/v1/activity-types/at-fb/deactivate')).toBe(true));
    expect(api.requests.find((r) => r.path.endsWith('/deactivate'))!.headers.get('If-Match')).toBe('"1"');

    await userEvent.click(screen.getByTestId('new-activity-type'));
    const form = await screen.findByTestId('activity-type-form');
    await userEvent.type(within(form).getByTestId('activity-type-key'), 'Fair');
    await userEvent.type(within(form).getByTestId('activity-type-name'), 'Messut');
    await userEvent.click(within(form).getByTestId('activity-type-save'));
    expect(await within(form).findByText('Lowercase letters, digits and _, e.g. steering_group', { selector: '.mantine-InputWrapper-error' })).toBeInTheDocument();
    await userEvent.clear(within(form).getByTestId('activity-type-key'));
    await userEvent.type(within(form).getByTestId('activity-type-key'), 'fair');
    await userEvent.click(within(form).getByTestId('activity-type-add-keyword'));
    const keyword = within(form).getByTestId('activity-type-keyword');
    await userEvent.type(within(keyword).getByRole('textbox', { name: 'Key' }), 'stand');
    await userEvent.type(within(keyword).getByRole('textbox', { name: 'Name (Finnish)' }), 'Osasto');
    await userEvent.click(within(form).getByTestId('activity-type-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/activity-types')).toBe(true));
    const post = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/activity-types')!;
    expect(post.body).toMatchObject({ key: 'fair', name: 'Messut', kind: 'task', keywords: [{ key: 'stand', name: 'Osasto', name_en: null, name_sv: null }] });
    expect(post.headers.get('Idempotency-Key')).toBeTruthy();
  }, 120_000);

  it('shows no admin buttons to a salesperson', async () => {
    installActivitiesApi(sellerMe);
    renderApp('/admin/activity-types');
    await screen.findAllByTestId('activity-type-row', {}, { timeout: 5000 });
    expect(screen.queryByTestId('new-activity-type')).toBeNull();
    expect(screen.queryByTestId('activity-type-edit')).toBeNull();
  }, 120_000);
});

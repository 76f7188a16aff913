import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { installActivitiesApi, makeActivity, sellerMe } from './testing';

describe('activity form', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it("offers the type's keywords and participants on create", async () => {
    const api = installActivitiesApi(sellerMe, {
      'POST /api/v1/activities': () => json(201, makeActivity('a-9', { activity_type_id: 'at-fb', type: 'note' }), { ETag: '"1"' }),
      'GET /api/v1/activities/a-9': () => json(200, makeActivity('a-9', { activity_type_id: 'at-fb', type: 'note' }), { ETag: '"1"' }),
    });
    renderApp('/activities/new');
    const form = await screen.findByTestId('activity-form', {}, { timeout: 5000 });
    expect(within(form).queryByTestId('activity-keywords')).toBeNull();
    await userEvent.click(within(form).getByRole('textbox', { name: 'Toimenpidetyyppi' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Asiakaspalaute', hidden: true }));
    await userEvent.click(await within(form).findByRole('textbox', { name: 'Avainsanat' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Myönteinen', hidden: true }));
    await userEvent.click(within(form).getByRole('textbox', { name: 'Osallistujat' }));
    // the owner (me) is not offered
    expect(screen.queryByRole('option', { name: 'Sanna Virtanen', hidden: true })).toBeNull();
    await userEvent.click(await screen.findByRole('option', { name: 'Juha Korhonen', hidden: true }));
    expect(within(form).queryByTestId('activity-goal')).toBeNull(); // not a visit
    await userEvent.type(within(form).getByTestId('activity-subject'), 'Kiitos koulutuksesta');
    await userEvent.click(within(form).getByTestId('activity-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST')).toBe(true));
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toMatchObject({ activity_type_id: 'at-fb', subject: 'Kiitos koulutuksesta', keywords: ['positive'], participant_ids: ['u-juha'] });
  }, 120_000);

  it('edits a visit: type fixed, agreed actions and status sent with If-Match', async () => {
    const visit = makeActivity('a-1', { activity_type_id: 'at-visit', type: 'meeting', subject: 'Käynti', goal: 'Sopia koulutukset', version: 3 });
    const api = installActivitiesApi(sellerMe, {
      'GET /api/v1/activities/a-1': () => json(200, visit, { ETag: '"3"' }),
      'PATCH /api/v1/activities/a-1': () => json(200, { ...visit, agreed_actions: 'Tarjous', status: 'in_progress', version: 4 }, { ETag: '"4"' }),
    });
    renderApp('/activities/a-1');
    const form = await screen.findByTestId('activity-form', {}, { timeout: 5000 });
    expect(within(form).getByRole('textbox', { name: 'Toimenpidetyyppi' })).toBeDisabled();
    expect(await within(form).findByTestId('activity-goal')).toHaveValue('Sopia koulutukset');
    await userEvent.type(within(form).getByTestId('activity-agreed-actions'), 'Tarjous');
    await userEvent.click(within(form).getByRole('textbox', { name: 'Tila' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Kesken', hidden: true }));
    await userEvent.click(within(form).getByTestId('activity-save'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"3"');
    expect(patch.body).toMatchObject({ agreed_actions: 'Tarjous', goal: 'Sopia koulutukset', status: 'in_progress' });
    expect(patch.body).not.toHaveProperty('activity_type_id');
  }, 120_000);
});

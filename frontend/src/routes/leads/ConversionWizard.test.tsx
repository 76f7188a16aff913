import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { splitName } from './ConversionWizard';
import { installLeadsApi, makeLead, page, serviceMe } from './testing';

describe('conversion wizard', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('splits a contact name into first and last', () => {
    expect(splitName('Minna Maria Koskinen')).toEqual({ first: 'Minna Maria', last: 'Koskinen' });
    expect(splitName('Koskinen')).toEqual({ first: '', last: 'Koskinen' });
  });

  it('preselects the business-ID match, creates the contact and converts with If-Match', async () => {
    const api = installLeadsApi(serviceMe, {
      'GET /api/v1/leads/l-1': () => json(200, makeLead('l-1'), { ETag: '"2"' }),
      'GET /api/v1/leads/l-1/conversion-candidates': () =>
        json(200, {
          accounts: [
            { id: 'acc-9', name: 'Pirkan Kone Oy', business_id: null, business_id_match: false, municipality: 'Tampere', region: 'Pirkanmaa' },
            { id: 'acc-1', name: 'Pirkan Konepaja Oy', business_id: '0112038-9', business_id_match: true, municipality: 'Tampere', region: 'Pirkanmaa' },
          ],
          contacts: [],
        }),
      'GET /api/v1/project-types': () => json(200, page([{ id: 'pt-gas', key: 'gas_connection', name: 'Kaasuliittymä', name_en: 'Gas connection', name_sv: null, is_active: true }])),
      'POST /api/v1/leads/l-1/conversion': () => json(201, { account_created: false, account_id: 'acc-1', contact_created: true, contact_id: 'c-1', sales_project_id: 'sp-1', lead: makeLead('l-1', { sales_project_id: 'sp-1', status: 'handled' }) }),
    });
    renderApp('/leads/l-1');
    await userEvent.click(await screen.findByTestId('lead-convert', {}, { timeout: 15000 }));
    const wizard = await screen.findByTestId('conversion-wizard');
    const radios = await within(wizard).findAllByTestId('candidate-account');
    expect(within(wizard).getByTestId('business-id-match')).toBeInTheDocument();
    expect(radios[1]).toBeChecked();
    expect(radios[0]).not.toBeChecked();
    await userEvent.click(within(wizard).getByTestId('wizard-next'));
    expect(await within(wizard).findByTestId('wizard-last-name')).toHaveValue('Koskinen');
    expect(within(wizard).getByTestId('wizard-first-name')).toHaveValue('Minna');
    await userEvent.click(within(wizard).getByTestId('wizard-next'));
    await userEvent.click(within(wizard).getByTestId('wizard-convert'));
    expect(await within(wizard).findByTestId('form-message')).toBeInTheDocument();
    await userEvent.click(within(wizard).getByTestId('wizard-project-type'));
    await userEvent.click(await screen.findByRole('option', { name: 'Kaasuliittymä', hidden: true }));
    await userEvent.type(within(wizard).getByTestId('wizard-value'), '12 500,50');
    await userEvent.click(within(wizard).getByTestId('wizard-convert'));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/leads/l-1/conversion')).toBe(true));
    const post = api.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/leads/l-1/conversion')!;
    expect(post.headers.get('If-Match')).toBe('"2"');
    expect(post.body).toEqual({
      project_type_id: 'pt-gas',
      account_id: 'acc-1',
      contact_first_name: 'Minna',
      contact_last_name: 'Koskinen',
      project_name: 'Pirkan Konepaja Oy – Maakaasuliittymä',
      estimated_value: '12500.50',
    });
  }, 120_000);
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp } from '../../test/app';
import { json } from '../../test/fakeApi';
import { adminMe, installOffersApi } from '../offers/testing';

const figures = { planned: 4, due: 1, on_time: 1, late: 0, missed: 1, open: 2, rate: 50 };

describe('the care-plan compliance dashboard', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('shows the figures per group with the total, regroups, and lists accounts without contact', async () => {
    const asked: string[] = [];
    installOffersApi(adminMe, {
      'GET /api/v1/care-plans/compliance': (req) => {
        const groupBy = req.query.get('group_by') ?? 'month';
        asked.push(groupBy);
        return json(200, {
          start: '2026-07-01',
          end: '2027-01-31',
          group_by: groupBy,
          rows: [{ key: '2026-12', label: groupBy === 'month' ? '2026-12' : 'Testiyhtiö Oy', ...figures }],
          total: figures,
          no_contact: [
            {
              account_id: 'acc-1',
              account_name: 'Hiljainen Oy',
              account_manager_id: null,
              account_manager_name: null,
              plan_id: 'p-1',
              plan_name: 'A-asiakkaat',
              allowed_days: 7,
              last_contact_at: null,
              days_since: null,
            },
          ],
        });
      },
    });
    renderApp('/care-plans/compliance');
    expect(await screen.findByTestId('compliance-total-on-time', {}, { timeout: 15_000 })).toHaveTextContent('1');
    expect(screen.getByTestId('compliance-row')).toHaveTextContent('2026-12');
    expect(screen.getByTestId('no-contact-row')).toHaveTextContent('Hiljainen Oy');
    expect(screen.getByTestId('no-contact-row')).toHaveTextContent('ei koskaan');
    await userEvent.click(screen.getByText('Asiakas'));
    expect(await screen.findByText('Testiyhtiö Oy', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(asked).toContain('account');
    expect(screen.getByTestId('compliance-export-csv')).toBeInTheDocument();
  }, 120_000);
});

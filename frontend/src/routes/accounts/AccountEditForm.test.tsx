import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../api/sdk';
import { changeLanguage } from '../../i18n';
import { installFakeApi, json } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { AccountEditForm } from './AccountEditForm';

const account = {
  id: 'acc-1',
  name: 'Kone Oyj',
  business_id: '0112038-9',
  type: 'company',
  status: 'customer',
  region: 'Uusimaa',
  municipality: 'Espoo',
  phone: '+358 9 111',
  email: null,
  website: null,
  visiting_address: null,
  postal_address: null,
  billing_address: null,
  industry_code: null,
  size_class: null,
  parent_id: null,
  account_manager_id: null,
  owner_id: 'u1',
  business_unit_id: 'bu1',
  tags: [],
  external_ids: [],
  created_at: '2026-01-01T10:00:00Z',
  updated_at: '2026-01-02T10:00:00Z',
  version: 3,
} as unknown as Account;

describe('AccountEditForm', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('sends only the changed field with If-Match and shows the conflict message on 412', async () => {
    const api = installFakeApi({
      'PATCH /api/v1/accounts/acc-1': () =>
        json(412, { title: 'Precondition Failed', status: 412, detail: 'The record has changed' }),
    });
    const onReload = vi.fn();
    const onSaved = vi.fn();
    renderWithProviders(
      <AccountEditForm account={account} etag={'"3"'} onSaved={onSaved} onCancel={() => {}} onReload={onReload} />,
    );

    const phone = screen.getByLabelText('Phone');
    await userEvent.clear(phone);
    await userEvent.type(phone, '+358 9 222{Enter}');

    expect(await screen.findByTestId('conflict-alert')).toHaveTextContent(
      'Someone else changed this record; reload to see their changes.',
    );
    expect(onSaved).not.toHaveBeenCalled();
    // The owner/unit pickers read the directories; the only write is the one PATCH.
    const writes = api.requests.filter((r) => r.method !== 'GET');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.headers.get('If-Match')).toBe('"3"');
    expect(writes[0]!.body).toEqual({ phone: '+358 9 222' });

    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('hands the saved account and its new ETag to the page', async () => {
    installFakeApi({
      'PATCH /api/v1/accounts/acc-1': (req) =>
        json(200, { ...account, ...(req.body as object), version: 4 }, { ETag: '"4"' }),
    });
    const onSaved = vi.fn();
    renderWithProviders(
      <AccountEditForm account={account} etag={'"3"'} onSaved={onSaved} onCancel={() => {}} onReload={() => {}} />,
    );
    const region = screen.getByLabelText('Region');
    await userEvent.clear(region);
    await userEvent.type(region, 'Pirkanmaa');
    await userEvent.click(screen.getByTestId('account-edit-save'));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(onSaved.mock.calls[0]![0]).toMatchObject({ region: 'Pirkanmaa', version: 4 });
    expect(onSaved.mock.calls[0]![1]).toBe('"4"');
  });

  it('shows server validation errors next to the field', async () => {
    installFakeApi({
      'PATCH /api/v1/accounts/acc-1': () =>
        json(422, {
          title: 'Unprocessable Content',
          status: 422,
          errors: [{ loc: ['body', 'phone'], msg: 'Not a valid phone number' }],
        }),
    });
    renderWithProviders(
      <AccountEditForm account={account} etag={'"3"'} onSaved={() => {}} onCancel={() => {}} onReload={() => {}} />,
    );
    const phone = screen.getByLabelText('Phone');
    await userEvent.clear(phone);
    await userEvent.type(phone, 'abc{Enter}');
    expect(await screen.findByText('Not a valid phone number')).toBeInTheDocument();
    expect(phone).toHaveAttribute('aria-invalid', 'true');
  });
});

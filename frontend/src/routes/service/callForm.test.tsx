import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { makeRequest, page, serviceMe, subjects, users } from '../../test/service';
import { callBody, emptyCall, validateCall } from './callForm';

describe('the call form checks', () => {
  it('needs a title, a subject and who called', () => {
    expect(validateCall(emptyCall)).toEqual({ title: 'service.required', subject_id: 'service.required', caller: 'service.callerOrContact' });
    const filled = { ...emptyCall, title: 'Lasku', subject_id: 's-1' };
    expect(validateCall({ ...filled, caller_name: 'Matti' })).toEqual({});
    expect(validateCall({ ...filled, contact_id: 'c-1' })).toEqual({});
    expect(validateCall({ ...filled, caller_phone: '040 123 4567' })).toEqual({});
  });

  it('refuses a phone that is not one, and a call-back with nowhere to call', () => {
    const filled = { ...emptyCall, title: 'Lasku', subject_id: 's-1', caller_name: 'Matti' };
    expect(validateCall({ ...filled, caller_phone: 'soita iltapäivällä' })).toEqual({ caller_phone: 'service.invalidPhone' });
    expect(validateCall({ ...filled, call_back: true })).toEqual({ caller_phone: 'service.callbackNeedsPhone' });
    expect(validateCall({ ...filled, call_back: true, caller_phone: '+358401234567' })).toEqual({});
    expect(validateCall({ ...filled, call_back: true, contact_id: 'c-1' })).toEqual({});
  });

  it('builds a phone-call request; empty customer goes to the general customer; call-back is its type', () => {
    const body = callBody({ ...emptyCall, title: ' Lasku ', subject_id: 's-1', caller_name: 'Matti', call_back: true, caller_phone: '0401234567', callback_due_at: '2026-06-19T14:00' });
    expect(body).toEqual({
      title: 'Lasku',
      subject_id: 's-1',
      origin: 'phone_call',
      request_type: 'callback',
      caller_name: 'Matti',
      caller_phone: '0401234567',
      // Juhannusaatto 14:00 in Helsinki is 11:00 UTC (summer time).
      callback_due_at: '2026-06-19T11:00:00.000Z',
    });
    expect(body).not.toHaveProperty('account_id');
    expect(callBody({ ...emptyCall, title: 'x', subject_id: 's', account_id: 'acc-1' })).toMatchObject({ account_id: 'acc-1', request_type: 'general' });
  });
});

function installApi() {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, serviceMe),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/subjects': () => json(200, page(subjects)),
    'GET /api/v1/queues': () => json(200, page([])),
    'GET /api/v1/accounts': () => json(200, page([])),
    'GET /api/v1/contacts': () => json(200, page([])),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'POST /api/v1/service-requests': (req) => json(201, makeRequest({ id: 'sr-new', number: 'PP-2026-000042', ...(req.body as object) }), { ETag: '"1"' }),
    'GET /api/v1/service-requests/sr-new': () => json(200, makeRequest({ id: 'sr-new', number: 'PP-2026-000042' }), { ETag: '"1"' }),
  });
}

describe('new request from a call', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('starts in the customer field, shows what is missing and sends nothing', async () => {
    const api = installApi();
    renderApp('/service-requests/new-call');
    const customer = await screen.findByRole('textbox', { name: 'Customer' });
    await waitFor(() => expect(customer).toHaveFocus());
    await userEvent.click(screen.getByTestId('call-save'));
    expect(await screen.findByText("Enter a contact or the caller's name or phone")).toBeInTheDocument();
    expect(screen.getAllByText('Required')).toHaveLength(2);
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('saves on Enter with an Idempotency-Key, as a call-back, then opens the request', async () => {
    const api = installApi();
    const { router } = renderApp('/service-requests/new-call');
    await userEvent.type(await screen.findByLabelText('Phone'), '+358401234567');
    await userEvent.click(screen.getByRole('textbox', { name: 'Subject' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Billing › Invoice query', hidden: true }));
    await userEvent.click(screen.getByTestId('call-back'));
    await userEvent.type(screen.getByRole('textbox', { name: 'Title' }), 'Laskussa väärä osoite{Enter}');

    await waitFor(() => expect(router.state.location.pathname).toBe('/service-requests/sr-new'));
    const posts = api.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers.get('Idempotency-Key')).toMatch(/.{8,}/);
    expect(posts[0]!.body).toEqual({
      title: 'Laskussa väärä osoite',
      subject_id: 's-invoice',
      origin: 'phone_call',
      request_type: 'callback',
      caller_phone: '+358401234567',
    });
  });
});

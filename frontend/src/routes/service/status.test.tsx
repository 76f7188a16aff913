import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { makeRequest, page, serviceMe, subjects, users } from '../../test/service';
import type { ServiceRequest } from '../../api/sdk';
import { nextStatuses, statusMenuItems } from './status';

describe('status transitions offered', () => {
  it('offers every other state while open, only Done once resolved, and nothing once done', () => {
    expect(nextStatuses('in_progress')).toEqual(['on_hold', 'waiting_for_information', 'under_investigation', 'resolved', 'done']);
    expect(nextStatuses('waiting_for_information')).not.toContain('waiting_for_information');
    expect(nextStatuses('resolved')).toEqual(['done']);
    expect(nextStatuses('done')).toEqual([]);
  });

  it("prefers the server's list and never offers the current state", () => {
    expect(statusMenuItems('on_hold', ['in_progress', 'on_hold', 'resolved'])).toEqual(['in_progress', 'resolved']);
    expect(statusMenuItems('done', [])).toEqual([]);
    expect(statusMenuItems('resolved', null)).toEqual(['done']);
  });
});

function installRequestApi(request: ServiceRequest, onStatus: Parameters<typeof installFakeApi>[0][string]) {
  return installFakeApi({
    'GET /api/v1/me': () => json(200, serviceMe),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/subjects': () => json(200, page(subjects)),
    'GET /api/v1/queues': () => json(200, page([])),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/service-requests/sr-1': () => json(200, request, { ETag: '"1"' }),
    'POST /api/v1/service-requests/sr-1/status': onStatus,
  });
}

describe('change status on the request page', () => {
  beforeEach(async () => {
    await changeLanguage('en');
  });

  it('lists only the transitions the server allows', async () => {
    installRequestApi(makeRequest({ status_reason: 'on_hold', allowed_transitions: ['in_progress', 'resolved'] }), () => json(500, {}));
    renderApp('/service-requests/sr-1');
    await userEvent.click(await screen.findByTestId('change-status'));
    const menu = await screen.findByTestId('status-menu');
    const labels = within(menu).getAllByRole('menuitem', { hidden: true }).map((item) => item.textContent);
    expect(labels).toEqual(['In progress', 'Resolved']);
    expect(within(menu).queryByText('On hold')).toBeNull();
    expect(within(menu).queryByText('Done')).toBeNull();
  });

  it('sends If-Match and, on a 409, shows the allowed states from problem+json', async () => {
    const api = installRequestApi(makeRequest(), () =>
      json(409, { type: 'invalid-transition', title: 'Conflict', status: 409, detail: 'nope', allowed: ['on_hold', 'done'] }),
    );
    renderApp('/service-requests/sr-1');
    await userEvent.click(await screen.findByTestId('change-status'));
    await userEvent.click(await screen.findByTestId('status-option-resolved'));
    await userEvent.type(await screen.findByLabelText('Note'), 'Asiakas tyytyväinen');
    await userEvent.click(screen.getByTestId('status-confirm'));
    expect(await screen.findByTestId('transition-refused')).toHaveTextContent('That status change is not allowed. Allowed: On hold, Done');
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('If-Match')).toBe('"1"');
    expect(post.body).toEqual({ status_reason: 'resolved', note: 'Asiakas tyytyväinen' });
  });

  it('shows the new status from the response after a change', async () => {
    installRequestApi(makeRequest(), (req) =>
      json(200, makeRequest({ status_reason: (req.body as { status_reason: ServiceRequest['status_reason'] }).status_reason, version: 2 }), { ETag: '"2"' }),
    );
    renderApp('/service-requests/sr-1');
    await userEvent.click(await screen.findByTestId('change-status'));
    await userEvent.click(await screen.findByTestId('status-option-waiting_for_information'));
    await userEvent.click(await screen.findByTestId('status-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('status-badge')[0]).toHaveAttribute('data-status', 'waiting_for_information'));
    expect(screen.getAllByTestId('status-badge')[0]).toHaveTextContent('Waiting for information');
  });

  it('shows the Finnish status labels', async () => {
    await changeLanguage('fi');
    installRequestApi(
      makeRequest({ status_reason: 'waiting_for_information', allowed_transitions: ['in_progress', 'on_hold', 'under_investigation', 'resolved', 'done'] }),
      () => json(500, {}),
    );
    renderApp('/service-requests/sr-1');
    expect((await screen.findAllByTestId('status-badge'))[0]).toHaveTextContent('Odotetaan tietoja');
    await userEvent.click(screen.getByTestId('change-status'));
    const menu = await screen.findByTestId('status-menu');
    expect(within(menu).getAllByRole('menuitem', { hidden: true }).map((i) => i.textContent)).toEqual(['Kesken', 'Pidossa', 'Tutkittavana', 'Selvitetty', 'Valmis']);
  });
});

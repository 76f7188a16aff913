import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { makeProject, page, salesManagerMe, users } from '../../test/sales';

function installApi() {
  const base = makeProject('p1');
  let project = {
    ...base,
    last_progress_on: '2026-02-20',
    stages: [
      { ...base.stages[0]!, key: 'lead', id: 'p1-lead', name: 'Liidi', position: 0, status: 'done' as const, is_current: false, allowed_transitions: [], completed_on: '2026-02-20', checklist: [] },
      ...base.stages,
      { ...base.stages[2]!, id: 'p1-survey', key: 'survey', name: 'Kartoitus', position: 4, status: 'skipped' as const, skip_reason: 'Ei tarvita' },
    ],
  };
  return installFakeApi({
    'GET /api/v1/me': () => json(200, salesManagerMe),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/sales-projects/p1': () => json(200, project, { ETag: `"${project.version}"` }),
    'POST /api/v1/sales-projects/p1/stages/p1-contract/skipping': () => {
      project = { ...project, version: 5, stages: project.stages.map((s) => (s.id === 'p1-contract' ? { ...s, status: 'skipped' as const, skip_reason: 'Sopimus on jo' } : s)) };
      return json(200, project, { ETag: '"5"' });
    },
    'POST /api/v1/sales-projects/p1/status': () => json(409, { status: 409, title: 'Conflict', detail: 'An open project cannot become open.', allowed: ['won', 'lost', 'cancelled'] }),
  });
}

describe('sales project page', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('shows the stages as a timeline: done with its date, current with responsible and due date, not started, skipped with the reason', async () => {
    installApi();
    renderApp('/sales-projects/p1');
    expect(await screen.findByTestId('project-title', {}, { timeout: 5000 })).toHaveTextContent('Kaasuliittymä Vantaa');
    expect(screen.getByTestId('project-status')).toHaveTextContent('Avoin');
    expect(screen.getByTestId('project-value')).toHaveTextContent('12 500,50 €');
    const items = screen.getAllByTestId('stage-item');
    expect(items.map((i) => i.getAttribute('data-status'))).toEqual(['done', 'in_progress', 'not_started', 'not_started', 'skipped']);
    expect(within(items[0]!).getByTestId('stage-status')).toHaveTextContent('Valmis');
    expect(within(items[0]!).getByTestId('stage-completed-on')).toHaveTextContent('Toteutumispäivämäärä: 20.2.2026');
    expect(within(items[1]!).getByTestId('stage-status')).toHaveTextContent('Käynnissä');
    expect(within(items[1]!).getByTestId('stage-responsible')).toHaveTextContent('Sanna Virtanen');
    expect(items[1]).toHaveTextContent('Määräpäivä: 10.3.2026');
    expect(within(items[1]!).getByTestId('stage-complete')).toBeInTheDocument();
    expect(within(items[1]!).getByRole('checkbox', { name: 'Laske hinta' })).toBeEnabled();
    expect(within(items[2]!).getByTestId('stage-status')).toHaveTextContent('Aloittamatta');
    expect(within(items[2]!).getByText('Asiakaspalveluvaihe')).toBeInTheDocument();
    // A stage not started can be skipped but not completed.
    expect(within(items[2]!).queryByTestId('stage-complete')).toBeNull();
    expect(within(items[4]!).getByTestId('stage-status')).toHaveTextContent('Ohitettu');
    expect(within(items[4]!).getByTestId('stage-skip-reason')).toHaveTextContent('Ei tarvita');
    expect(within(items[0]!).queryByTestId('stage-edit')).toBeNull();
  });

  it('skips a stage only with a reason, sending the project’s ETag', async () => {
    const api = installApi();
    renderApp('/sales-projects/p1');
    const items = await screen.findAllByTestId('stage-item', {}, { timeout: 5000 });
    await userEvent.click(within(items[2]!).getByTestId('stage-skip'));
    await userEvent.click(await screen.findByTestId('skip-form-confirm'));
    expect(await screen.findByText('Pakollinen tieto.')).toBeInTheDocument();
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
    await userEvent.type(screen.getByTestId('skip-reason'), 'Sopimus on jo');
    await userEvent.click(screen.getByTestId('skip-form-confirm'));
    await waitFor(() => expect(screen.getAllByTestId('stage-item')[2]).toHaveAttribute('data-status', 'skipped'));
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('If-Match')).toBe('"4"');
    expect(post.body).toEqual({ reason: 'Sopimus on jo' });
  });

  it('asks a reason for losing the project and shows what is allowed when the server refuses', async () => {
    const api = installApi();
    renderApp('/sales-projects/p1');
    await userEvent.click(await screen.findByTestId('status-lost', {}, { timeout: 5000 }));
    await userEvent.click(await screen.findByTestId('status-confirm'));
    expect(await screen.findByText('Pakollinen tieto.')).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('status-reason'), 'Kilpailija halvempi');
    await userEvent.click(screen.getByTestId('status-confirm'));
    expect(await screen.findByTestId('transition-refused')).toHaveTextContent('Sallitut muutokset nyt: Voitettu, Hävitty, Peruttu');
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toMatchObject({ status: 'lost', reason: 'Kilpailija halvempi' });
  });
});

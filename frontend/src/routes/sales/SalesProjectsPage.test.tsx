import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { todayInHelsinki } from '../../lib/format';
import { renderApp, units } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { gasType, makeCard, makeKanban, makeProject, page, salesManagerMe, users } from '../../test/sales';

function installApi() {
  let kanban = makeKanban([makeCard('p1', 'Kaasuliittymä Vantaa'), makeCard('p2', 'Kaasuliittymä Espoo', { estimated_value: null })], 'cur-1');
  const api = installFakeApi({
    'GET /api/v1/me': () => json(200, salesManagerMe),
    'GET /api/v1/users': () => json(200, page(users)),
    'GET /api/v1/business-units': () => json(200, page(units)),
    'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
    'GET /api/v1/project-types': () => json(200, page([gasType])),
    'GET /api/v1/sales-projects/kanban': () => json(200, kanban),
    'GET /api/v1/sales-projects/kanban/column': () => json(200, { cards: [makeCard('p3', 'Kaasuliittymä Kerava')], next_cursor: null }),
    'GET /api/v1/sales-projects/p1': () => json(200, makeProject('p1'), { ETag: '"4"' }),
    'POST /api/v1/sales-projects/p1/stages/p1-offer/completion': () => {
      // The card moves on to the next column.
      const moved = makeCard('p1', 'Kaasuliittymä Vantaa', { current_stage: { ...makeCard('p1', '').current_stage!, key: 'contract', name: 'Lähetä sopimus' } });
      kanban = makeKanban([makeCard('p2', 'Kaasuliittymä Espoo')]);
      kanban.columns[0]!.count = 6;
      kanban.columns[1] = { ...kanban.columns[1]!, count: 1, value_sum: '12500.50', cards: [moved] };
      return json(200, makeProject('p1', { version: 5 }), { ETag: '"5"' });
    },
  });
  return api;
}

describe('sales project kanban', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('shows a column per stage with the server’s count and value sum, and pages a column', async () => {
    const api = installApi();
    renderApp('/sales-projects');
    const columns = await screen.findAllByTestId('kanban-column', {}, { timeout: 5000 });
    // 'other' is empty, so it is not shown.
    expect(columns.map((c) => c.getAttribute('data-stage-key'))).toEqual(['offer', 'contract', 'build']);
    expect(within(columns[0]!).getByTestId('kanban-column-count')).toHaveTextContent('7');
    expect(within(columns[0]!).getByTestId('kanban-column-sum')).toHaveTextContent('87 503,50 €');
    expect(within(columns[1]!).getByText('Asiakaspalveluvaihe')).toBeInTheDocument();
    const card = within(columns[0]!).getAllByTestId('kanban-card')[0]!;
    expect(card).toHaveTextContent('Kaasuliittymä Vantaa');
    expect(card).toHaveTextContent('Kone Oyj');
    expect(within(card).getByTestId('kanban-card-value')).toHaveTextContent('12 500,50 €');
    expect(card).toHaveTextContent('60 %');
    expect(card).toHaveTextContent('Sanna Virtanen');
    expect(card).toHaveTextContent('10.3.2026');
    expect(card).toHaveTextContent('3 päivää vaiheessa');
    expect(api.requests.find((r) => r.path === '/api/v1/sales-projects/kanban')!.query.get('project_type_id')).toBe('pt-gas');

    await userEvent.click(within(columns[0]!).getByTestId('kanban-show-more'));
    await waitFor(() => expect(within(columns[0]!).getAllByTestId('kanban-card')).toHaveLength(3));
    const more = api.requests.find((r) => r.path === '/api/v1/sales-projects/kanban/column')!;
    expect(more.query.get('stage_key')).toBe('offer');
    expect(more.query.get('cursor')).toBe('cur-1');
    expect(within(columns[0]!).queryByTestId('kanban-show-more')).toBeNull();
  });

  it('completes a card’s stage from the keyboard-accessible action: the dialog, If-Match, and the card in the next column', async () => {
    const api = installApi();
    renderApp('/sales-projects');
    const columns = await screen.findAllByTestId('kanban-column', {}, { timeout: 5000 });
    await userEvent.click(within(columns[0]!).getByRole('button', { name: 'Merkitse vaihe Tarjous valmiiksi: Kaasuliittymä Vantaa' }));
    const form = await screen.findByTestId('completion-form');
    expect(within(form).getByTestId('completion-date')).toHaveValue(todayInHelsinki());
    // The next stage's planned responsible (the template default for the region).
    await waitFor(() => expect(within(form).getByTestId('completion-responsible')).toHaveValue('Juha Korhonen'));
    await userEvent.click(within(form).getByTestId('completion-confirm'));

    await waitFor(() => expect(within(screen.getAllByTestId('kanban-column')[1]!).getAllByTestId('kanban-card')).toHaveLength(1));
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.headers.get('If-Match')).toBe('"4"');
    expect(post.body).toEqual({ completed_on: todayInHelsinki(), next_responsible_user_id: 'u-juha' });
    expect(within(screen.getAllByTestId('kanban-column')[0]!).getByTestId('kanban-column-count')).toHaveTextContent('6');
  });

  it('opens the completion dialog when a card is dropped on the next column, and ignores other columns', async () => {
    installApi();
    renderApp('/sales-projects');
    const columns = await screen.findAllByTestId('kanban-column', {}, { timeout: 5000 });
    const card = within(columns[0]!).getAllByTestId('kanban-card')[0]!;
    const dataTransfer = { setData: () => {}, getData: () => 'p1', effectAllowed: '', dropEffect: '' };
    fireEvent.dragStart(card, { dataTransfer });
    fireEvent.dragOver(columns[2]!, { dataTransfer });
    fireEvent.drop(columns[2]!, { dataTransfer });
    expect(screen.queryByTestId('completion-form')).toBeNull();
    fireEvent.dragStart(card, { dataTransfer });
    fireEvent.dragOver(columns[1]!, { dataTransfer });
    fireEvent.drop(columns[1]!, { dataTransfer });
    expect(await screen.findByTestId('completion-form')).toHaveTextContent('Tarjous');
  });
});

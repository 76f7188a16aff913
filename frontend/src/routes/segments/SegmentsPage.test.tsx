import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { accountCatalogue } from '../../components/filter/testing';
import { renderApp } from '../../test/app';
import { json, type Recorded } from '../../test/fakeApi';
import { adminMe, installOffersApi, page } from '../offers/testing';

const ONE_MINUTE = { timeout: 15_000 };

/** Pick an entry of the builder's "add condition" list by typing and Enter. */
async function addCondition(user: ReturnType<typeof userEvent.setup>, scope: HTMLElement, label: string) {
  const adds = within(scope).getAllByTestId('filter-add');
  const add = adds[adds.length - 1] as HTMLElement;
  await user.click(add);
  await user.type(add, label);
  const option = await screen.findByRole('option', { name: label, hidden: true }, ONE_MINUTE);
  await user.click(option);
}

describe('the segment builder', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('builds a rule with the visual editor, counts it live and creates the segment with it', async () => {
    const previews: Recorded[] = [];
    const created: Recorded[] = [];
    const { requests } = installOffersApi(adminMe, {
      'GET /api/v1/segments': () => json(200, page([])),
      'GET /api/v1/filter-catalogues/account': () => json(200, accountCatalogue),
      'GET /api/v1/classifications': () => json(200, page([])),
      'POST /api/v1/segments/preview': (req) => {
        previews.push(req);
        const rule = req.body as { rule: { all: unknown[] } };
        return json(200, { count: 40 - 10 * rule.rule.all.length, sample: [] });
      },
      'POST /api/v1/segments': (req) => {
        created.push(req);
        return json(201, { id: 'seg-1', name: 'Uusimaa', kind: 'dynamic', rule: (req.body as { rule: unknown }).rule, version: 1 });
      },
      'GET /api/v1/segments/seg-1': () => json(200, { id: 'seg-1', name: 'Uusimaa', kind: 'dynamic', version: 1 }),
      'GET /api/v1/segments/seg-1/summary': () => json(200, { count: 20, breakdown: {} }),
      'GET /api/v1/segments/seg-1/members': () => json(200, page([])),
    });
    const user = userEvent.setup();
    renderApp('/segments');
    const builder = await screen.findByTestId('segment-rule', {}, ONE_MINUTE);
    await waitFor(() => expect(screen.getByTestId('segment-live-count')).toHaveTextContent('40'), ONE_MINUTE);

    await addCondition(user, builder, 'Alue');
    const region = within(builder).getByTestId('filter-condition');
    await user.type(within(region).getByTestId('filter-value'), 'Uusimaa');
    await addCondition(user, builder, 'On tilaus, jossa');
    const has = within(builder).getByTestId('filter-has');
    await addCondition(user, has, 'Tilauspäivä');
    await user.click(within(has).getByTestId('filter-op'));
    await user.click(await screen.findByRole('option', { name: 'viimeisten', hidden: true }, ONE_MINUTE));

    const expected = {
      all: [
        { field: 'region', op: 'eq', value: 'Uusimaa' },
        { has: 'orders', where: { all: [{ field: 'ordered_at', op: 'within_last', value: { days: 365 } }] } },
      ],
    };
    await waitFor(() => expect(previews.at(-1)?.body).toEqual({ rule: expected }), ONE_MINUTE);
    await waitFor(() => expect(screen.getByTestId('segment-live-count')).toHaveTextContent('20'), ONE_MINUTE);
    // Debounced: typing "Uusimaa" did not send a preview per key.
    expect(previews.length).toBeLessThan(8);

    await user.type(screen.getByTestId('segment-name'), 'Uusimaa');
    await user.click(screen.getByTestId('segment-create'));
    await waitFor(() => expect(created).toHaveLength(1), ONE_MINUTE);
    expect(created[0]?.body).toEqual({ name: 'Uusimaa', kind: 'dynamic', rule: expected });
    expect(created[0]?.headers.get('Idempotency-Key')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('segment-count')).toHaveTextContent('20 jäsentä'), ONE_MINUTE);
    expect(requests.some((r) => r.path === '/api/v1/segments/seg-1/summary')).toBe(true);
  }, 120_000);

  it('shows the problem of a rule the API refuses instead of a count', async () => {
    installOffersApi(adminMe, {
      'GET /api/v1/segments': () => json(200, page([])),
      'GET /api/v1/filter-catalogues/account': () => json(200, accountCatalogue),
      'GET /api/v1/classifications': () => json(200, page([])),
      'POST /api/v1/segments/preview': () =>
        json(422, { title: 'Invalid input', status: 422, detail: 'rule.all[0]: the filter is nested too deep' }),
    });
    renderApp('/segments');
    expect(await screen.findByTestId('segment-rule-error', {}, ONE_MINUTE)).toHaveTextContent('nested too deep');
    await userEvent.type(screen.getByTestId('segment-name'), 'Liian syvä');
    expect(screen.getByTestId('segment-create')).toBeDisabled();
  }, 120_000);
});

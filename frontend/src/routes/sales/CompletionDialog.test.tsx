import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { changeLanguage } from '../../i18n';
import { todayInHelsinki } from '../../lib/format';
import { users } from '../../test/app';
import { installFakeApi, json } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { CompletionDialog } from './CompletionDialog';
import { completionErrors } from './completion';

const target = { projectName: 'Kaasuliittymä, Kone Oyj', stageName: 'Tarjous', nextStageName: 'Sopimus', nextResponsibleId: 'u-juha' };

function dayAfter(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('completion dialog', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
    installFakeApi({ 'GET /api/v1/users': () => json(200, { items: users, next_cursor: null }) });
  });

  it('checks the date: required, a real date, never in the future', () => {
    const base = { note: '', next_responsible_id: null };
    expect(completionErrors({ ...base, completed_on: '' }, '2026-03-10')).toEqual({ completed_on: 'sales.errors.dateRequired' });
    expect(completionErrors({ ...base, completed_on: '2026-03-11' }, '2026-03-10')).toEqual({ completed_on: 'sales.errors.futureDate' });
    expect(completionErrors({ ...base, completed_on: '2026-03-10' }, '2026-03-10')).toEqual({});
    expect(completionErrors({ ...base, completed_on: '2025-12-31' }, '2026-03-10')).toEqual({});
  });

  it('refuses a future completion date and sends nothing, then completes with today by default', async () => {
    const onSubmit = vi.fn(async () => {});
    renderWithProviders(<CompletionDialog target={target} onClose={() => {}} onSubmit={onSubmit} />);
    const date = await screen.findByTestId('completion-date');
    const today = todayInHelsinki();
    // Today by default, and the picker stops at today.
    expect(date).toHaveValue(today);
    expect(date).toHaveAttribute('max', today);
    // The next responsible is prefilled with the template default.
    await waitFor(() => expect(screen.getByTestId('completion-responsible')).toHaveValue('Juha Korhonen'));

    fireEvent.change(date, { target: { value: dayAfter(today, 1) } });
    await userEvent.click(screen.getByTestId('completion-confirm'));
    expect(await screen.findByText('Päivämäärä ei voi olla tulevaisuudessa.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(date, { target: { value: '' } });
    await userEvent.click(screen.getByTestId('completion-confirm'));
    expect(await screen.findByText('Anna toteutumispäivämäärä.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(date, { target: { value: dayAfter(today, -3) } });
    await userEvent.type(screen.getByTestId('completion-note'), 'Tarjous hyväksytty');
    await userEvent.click(screen.getByTestId('completion-confirm'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledOnce());
    expect(onSubmit).toHaveBeenCalledWith({ completed_on: dayAfter(today, -3), note: 'Tarjous hyväksytty', next_responsible_id: 'u-juha' });
  });
});

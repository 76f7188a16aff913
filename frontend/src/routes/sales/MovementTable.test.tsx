import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { changeLanguage } from '../../i18n';
import { renderWithProviders } from '../../test/render';
import { MovementTable } from './MovementTable';

const figures = (open_at_end: number, n: number, progressed: number, not_progressed: number, won: number, lost: number) => ({ open_at_end, new: n, progressed, not_progressed, won, lost, cancelled: 0 });

describe('movement table', () => {
  beforeEach(async () => {
    await changeLanguage('fi');
  });

  it('shows each figure with its change, coloured by whether the change is good news', () => {
    const current = figures(72, 9, 30, 42, 3, 2);
    const previous = figures(65, 12, 25, 40, 3, 1);
    const change = figures(7, -3, 5, 2, 0, 1);
    renderWithProviders(<MovementTable rows={[{ key: 'gas', label: 'Kaasuliittymämyynti', current, previous, change }]} total={{ key: 'total', label: 'Yhteensä', current, previous, change }} groupLabel="Projektityyppi" />);
    const table = screen.getByTestId('movement-table');
    for (const label of ['Avoimet kuun lopussa', 'Uudet', 'Edenneet', 'Ei edenneet', 'Valmistuneet', 'Hävityt']) expect(within(table).getByText(label)).toBeInTheDocument();
    expect(within(table).getAllByText('Muutos').length).toBe(7);
    const row = screen.getByTestId('movement-row');
    const tone = (figure: string) => within(row).getAllByTestId('movement-change').find((c) => c.getAttribute('data-figure') === figure)!;
    expect(tone('open_at_end')).toHaveAttribute('data-tone', 'good');
    expect(tone('open_at_end')).toHaveTextContent('+7');
    expect(tone('new')).toHaveAttribute('data-tone', 'bad');
    expect(tone('new')).toHaveTextContent('−3');
    expect(tone('progressed')).toHaveAttribute('data-tone', 'good');
    // More stalled or lost projects is bad news.
    expect(tone('not_progressed')).toHaveAttribute('data-tone', 'bad');
    expect(tone('lost')).toHaveAttribute('data-tone', 'bad');
    expect(tone('won')).toHaveAttribute('data-tone', 'neutral');
    expect(tone('won')).toHaveTextContent('0');
  });
});

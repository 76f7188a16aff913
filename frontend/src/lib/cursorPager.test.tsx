import { act, renderHook, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Pager } from '../components/Pager';
import { changeLanguage } from '../i18n';
import { renderWithProviders } from '../test/render';
import { initialStack, nextPage, previousPage, useCursorPager } from './cursorPager';

describe('cursor stack', () => {
  it('walks forward and back through keyset pages without losing cursors', () => {
    let s = initialStack;
    s = nextPage(s, 'c2');
    s = nextPage(s, 'c3');
    expect(s).toEqual({ previous: [null, 'c2'], current: 'c3' });
    s = previousPage(s);
    expect(s).toEqual({ previous: [null], current: 'c2' });
    s = previousPage(s);
    expect(s).toEqual(initialStack);
    expect(previousPage(s)).toBe(s);
  });

  it('stays on the last page when there is no next cursor', () => {
    const s = nextPage(initialStack, 'c2');
    expect(nextPage(s, null)).toBe(s);
  });

  it('exposes the page number and resets to the first page', () => {
    const { result } = renderHook(() => useCursorPager());
    act(() => result.current.next('abc'));
    act(() => result.current.next('def'));
    expect(result.current.cursor).toBe('def');
    expect(result.current.pageNumber).toBe(3);
    expect(result.current.hasPrevious).toBe(true);
    act(() => result.current.previous());
    expect(result.current.cursor).toBe('abc');
    act(() => result.current.reset());
    expect(result.current.cursor).toBeNull();
    expect(result.current.pageNumber).toBe(1);
  });
});

describe('Pager buttons', () => {
  it('disables previous on the first page and next when the server has no more', async () => {
    await changeLanguage('en');
    const onNext = vi.fn();
    const { rerender } = renderWithProviders(
      <Pager pageNumber={1} hasPrevious={false} nextCursor="n1" onPrevious={() => {}} onNext={onNext} />,
    );
    expect(screen.getByTestId('pager-previous')).toBeDisabled();
    await userEvent.click(screen.getByTestId('pager-next'));
    expect(onNext).toHaveBeenCalledWith('n1');
    rerender(<Pager pageNumber={2} hasPrevious nextCursor={null} onPrevious={() => {}} onNext={onNext} />);
    expect(screen.getByTestId('pager-next')).toBeDisabled();
    expect(screen.getByTestId('pager-page')).toHaveTextContent('Page 2');
  });
});

import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useKeySequences } from './shortcuts';

function Harness({ action }: { action: () => void }) {
  useKeySequences({ 'n c': action });
  return <input aria-label="field" />;
}

describe('key sequences', () => {
  it('runs on "n" then "c", not on "c" alone, and never while typing in a field', () => {
    const action = vi.fn();
    render(<Harness action={action} />);
    fireEvent.keyDown(window, { key: 'c' });
    expect(action).not.toHaveBeenCalled();
    fireEvent.keyDown(window, { key: 'n' });
    fireEvent.keyDown(window, { key: 'c' });
    expect(action).toHaveBeenCalledOnce();

    const field = screen.getByLabelText('field');
    fireEvent.keyDown(field, { key: 'n' });
    fireEvent.keyDown(field, { key: 'c' });
    expect(action).toHaveBeenCalledOnce();
    fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    fireEvent.keyDown(window, { key: 'c' });
    expect(action).toHaveBeenCalledOnce();
  });
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { LanguageSwitch } from './components/LanguageSwitch';
import i18n, { changeLanguage, storedLanguage, translations } from './i18n';
import { renderWithProviders } from './test/render';

function Labels() {
  const { t } = useTranslation();
  return (
    <nav>
      <span data-testid="accounts-label">{t('nav.accounts')}</span>
      <span data-testid="logout-label">{t('nav.logout')}</span>
    </nav>
  );
}

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('language switching', () => {
  it('defaults to Finnish and changes every label instantly when English is picked', async () => {
    await changeLanguage('fi');
    renderWithProviders(
      <>
        <LanguageSwitch />
        <Labels />
      </>,
    );
    expect(screen.getByTestId('accounts-label')).toHaveTextContent('Asiakkaat');
    expect(screen.getByTestId('logout-label')).toHaveTextContent('Kirjaudu ulos');

    await userEvent.click(screen.getByText('EN'));

    expect(await screen.findByText('Accounts')).toBeInTheDocument();
    expect(screen.getByTestId('logout-label')).toHaveTextContent('Log out');
    expect(localStorage.getItem('kumppani.language')).toBe('en');
    expect(storedLanguage()).toBe('en');

    await userEvent.click(screen.getByText('SV'));
    expect(await screen.findByText('Kunder')).toBeInTheDocument();
    expect(i18n.language).toBe('sv');
  });

  it('ignores an unknown stored language and falls back to Finnish', () => {
    localStorage.setItem('kumppani.language', 'de');
    expect(storedLanguage()).toBe('fi');
  });

  it('has the same keys in fi, en and sv, area files included', () => {
    const fiKeys = keys(translations('fi')).sort();
    expect(keys(translations('en')).sort()).toEqual(fiKeys);
    expect(keys(translations('sv')).sort()).toEqual(fiKeys);
  });
});

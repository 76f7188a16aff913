/** i18next set-up: Finnish by default, the user's choice persisted in localStorage. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import fi from './locales/fi.json';
import sv from './locales/sv.json';

export const LANGUAGES = ['fi', 'en', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'kumppani.language';

export function storedLanguage(): Language {
  const value = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : 'fi';
}

export function hasStoredLanguage(): boolean {
  return typeof localStorage !== 'undefined' && localStorage.getItem(STORAGE_KEY) !== null;
}

export function changeLanguage(language: Language): Promise<unknown> {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  return i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: { fi: { translation: fi }, en: { translation: en }, sv: { translation: sv } },
  lng: storedLanguage(),
  fallbackLng: 'fi',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

// Screen readers pick their voice from <html lang>.
const syncHtmlLang = (language: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
};
i18n.on('languageChanged', syncHtmlLang);
syncHtmlLang(i18n.language);

export default i18n;

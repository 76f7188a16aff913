/**
 * i18next set-up: Finnish by default, the user's choice persisted in localStorage.
 *
 * Strings live in `locales/<lang>.json` (the shared and older screens) and in
 * `locales/<lang>/<area>.json`, one file per area, whose content sits under the key `<area>`
 * (`locales/fi/leads.json` → `t('leads.…')`). A test checks that fi, en and sv have the same keys.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import fi from './locales/fi.json';
import sv from './locales/sv.json';

export const LANGUAGES = ['fi', 'en', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'kumppani.language';

type Strings = Record<string, unknown>;
const AREA_FILES = import.meta.glob<Strings>('./locales/*/*.json', { eager: true, import: 'default' });

/** One language's strings: the shared file plus every area file under its area's key. */
export function translations(language: Language): Strings {
  const base: Strings = { fi, en, sv }[language];
  const merged: Strings = { ...base };
  for (const [path, strings] of Object.entries(AREA_FILES)) {
    const match = /\.\/locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
    if (!match || match[1] !== language) continue;
    if (match[2] in base) throw new Error(`locales/${language}/${match[2]}.json clashes with a key of locales/${language}.json`);
    merged[match[2]] = strings;
  }
  return merged;
}

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
  resources: Object.fromEntries(LANGUAGES.map((lang) => [lang, { translation: translations(lang) }])),
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

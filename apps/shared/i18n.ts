/**
 * i18n for every app: i18next with French by default and English, the language chosen kept on the device and set on
 * <html lang>. Catalogues are TypeScript objects: English must have every key French has (`Translation<typeof fr>`),
 * so a missing key fails the type check, and test/apps/i18n.test.ts fails on an empty one.
 */
import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'

export const LANGUAGES = ['fr', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** The same keys as the French catalogue, each a string. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> }

const STORAGE_KEY = 'omnicanal.language'

function initialLanguage(): Language {
  const kept = localStorage.getItem(STORAGE_KEY)
  if (kept === 'fr' || kept === 'en') return kept
  // A device set to English gets English; everything else gets the shop's language, French.
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'fr'
}

/** Starts i18next with the app's catalogues; call once before the first render. */
export function startI18n(resources: Record<Language, object>): i18n {
  const language = initialLanguage()
  void i18next.use(initReactI18next).init({
    resources: { fr: { translation: resources.fr }, en: { translation: resources.en } },
    lng: language,
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  document.documentElement.lang = language
  i18next.on('languageChanged', (lng) => {
    localStorage.setItem(STORAGE_KEY, lng)
    document.documentElement.lang = lng
  })
  return i18next
}

/** The BCP 47 locale Intl formats with for the current language. */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : 'fr-FR'
}

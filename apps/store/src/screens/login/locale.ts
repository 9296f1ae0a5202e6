import type { Translation } from '../../../../shared/i18n.js'

export const loginFr = {
  title: 'Connexion vendeur',
  subtitle: 'Omnicanal — l’application du magasin',
  email: 'E-mail professionnel',
  password: 'Mot de passe',
  submit: 'Se connecter',
  failed: 'E-mail ou mot de passe incorrect.',
}

export const loginEn: Translation<typeof loginFr> = {
  title: 'Staff login',
  subtitle: 'Omnicanal — the store app',
  email: 'Work email',
  password: 'Password',
  submit: 'Log in',
  failed: 'Wrong email or password.',
}

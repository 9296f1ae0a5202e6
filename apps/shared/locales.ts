/** Words every app shares: connection state, errors, language names, generic actions. */
import type { Translation } from './i18n.js'

export const sharedFr = {
  language: { label: 'Langue', fr: 'Français', en: 'English' },
  connection: { online: 'En ligne', offline: 'Hors ligne', waiting_one: '{{count}} vente en attente', waiting_other: '{{count}} ventes en attente' },
  actions: { retry: 'Réessayer', cancel: 'Annuler', close: 'Fermer', save: 'Enregistrer', back: 'Retour', logout: 'Se déconnecter', search: 'Rechercher' },
  states: { loading: 'Chargement…', empty: 'Rien à afficher', error: 'Une erreur est survenue' },
  orderStatus: { placed: 'Passée', paid: 'Payée', allocated: 'Attribuée', picking: 'En préparation', ready_for_pickup: 'Prête à retirer', shipped: 'Expédiée', partially_fulfilled: 'Partiellement servie', delivered: 'Livrée', collected: 'Retirée', closed: 'Clôturée', cancelled: 'Annulée' },
  returnStatus: { requested: 'Demandé', received: 'Reçu', refunded: 'Remboursé', cancelled: 'Annulé' },
  fulfilmentStatus: { allocated: 'À préparer', picking: 'En préparation', in_transit: 'En transit', ready_for_pickup: 'Prête à retirer', shipped: 'Expédiée', delivered: 'Livrée', collected: 'Retirée', cancelled: 'Annulée' },
  problems: {
    network: 'Le serveur est injoignable. Vérifiez la connexion puis réessayez.',
    unauthorized: 'Votre session a expiré : reconnectez-vous.',
    forbidden: 'Vous n’avez pas le droit de faire cela.',
    notFound: 'Introuvable.',
    rateLimited: 'Trop de tentatives : patientez une minute.',
    unavailable: 'Le service est momentanément indisponible. Réessayez dans un instant.',
    requestId: 'Référence : {{requestId}}',
  },
}

export const sharedEn: Translation<typeof sharedFr> = {
  language: { label: 'Language', fr: 'Français', en: 'English' },
  connection: { online: 'Online', offline: 'Offline', waiting_one: '{{count}} sale waiting', waiting_other: '{{count}} sales waiting' },
  actions: { retry: 'Try again', cancel: 'Cancel', close: 'Close', save: 'Save', back: 'Back', logout: 'Log out', search: 'Search' },
  states: { loading: 'Loading…', empty: 'Nothing to show', error: 'Something went wrong' },
  orderStatus: { placed: 'Placed', paid: 'Paid', allocated: 'Allocated', picking: 'Being picked', ready_for_pickup: 'Ready for pickup', shipped: 'Shipped', partially_fulfilled: 'Partly fulfilled', delivered: 'Delivered', collected: 'Collected', closed: 'Closed', cancelled: 'Cancelled' },
  returnStatus: { requested: 'Requested', received: 'Received', refunded: 'Refunded', cancelled: 'Cancelled' },
  fulfilmentStatus: { allocated: 'To prepare', picking: 'Being picked', in_transit: 'In transit', ready_for_pickup: 'Ready for pickup', shipped: 'Shipped', delivered: 'Delivered', collected: 'Collected', cancelled: 'Cancelled' },
  problems: {
    network: 'The server cannot be reached. Check the connection, then try again.',
    unauthorized: 'Your session has expired: log in again.',
    forbidden: 'You are not allowed to do that.',
    notFound: 'Not found.',
    rateLimited: 'Too many attempts: wait a minute.',
    unavailable: 'The service is briefly unavailable. Try again in a moment.',
    requestId: 'Reference: {{requestId}}',
  },
}

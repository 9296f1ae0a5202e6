/** Events of the auth module (payloads never carry passwords or tokens). */
export const AUTH_EVENTS = {
  staffUserCreated: 'auth.staff_user_created',
  staffUserUpdated: 'auth.staff_user_updated',
  customerRegistered: 'auth.customer_registered',
  integrationKeyCreated: 'auth.integration_key_created',
  integrationKeyRevoked: 'auth.integration_key_revoked',
} as const

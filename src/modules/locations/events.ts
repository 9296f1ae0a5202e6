/** Events of the locations module; payloads carry the location id, scoped to that location. */
export const LOCATION_EVENTS = {
  created: 'locations.location_created',
  updated: 'locations.location_updated',
} as const

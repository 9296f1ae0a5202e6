/** Events of the channels module. */
export const CHANNEL_EVENTS = {
  created: 'channels.channel_created',
  updated: 'channels.channel_updated',
} as const

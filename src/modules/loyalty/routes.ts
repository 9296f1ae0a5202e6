/**
 * Loyalty programme routes: settings, tiers and rewards (pricing:manage to change them; tiers and offered rewards are
 * public, the storefront shows them), and the customer routes of routes-customers.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { can, forbidden } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { Problem } from '../../platform/problems.js'
import { rewardNotFound } from './errors.js'
import { loyaltyCustomerRoutes } from './routes-customers.js'
import {
  Reward,
  RewardBody,
  RewardParams,
  RewardPatch,
  Rewards,
  RewardsQuery,
  Settings,
  SettingsBody,
  Tier,
  TierBody,
  TierParams,
  TierPatch,
  Tiers,
} from './schemas.js'
import {
  createLoyaltyReward,
  createLoyaltyTier,
  deleteLoyaltyReward,
  deleteLoyaltyTier,
  getLoyaltyReward,
  getLoyaltySettings,
  listLoyaltyRewards,
  listLoyaltyTiers,
  updateLoyaltyReward,
  updateLoyaltySettings,
  updateLoyaltyTier,
} from './service.js'

const bearer = [{ bearer: [] }]
const tags = ['loyalty']
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }
const manage = { can: 'pricing:manage' as const }

export const loyaltyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/loyalty/settings',
    { schema: { operationId: 'getLoyaltySettings', tags, summary: 'The programme’s settings', security: bearer, response: { 200: Settings, ...errors } }, config: manage },
    (req) => getLoyaltySettings(req.server.database.db),
  )
  app.put(
    '/v1/loyalty/settings',
    {
      schema: {
        operationId: 'updateLoyaltySettings',
        tags,
        summary: 'Set the earning rate',
        description: 'Points per whole euro of goods paid (after discounts, shipping excluded). Orders already paid keep what they earned.',
        security: bearer,
        body: SettingsBody,
        response: { 200: Settings, ...errors },
      },
      config: manage,
    },
    (req, reply) => mutate(req, reply, (tx) => updateLoyaltySettings(tx, req.body)),
  )

  app.get(
    '/v1/loyalty/tiers',
    {
      schema: {
        operationId: 'listLoyaltyTiers',
        security: [],
        tags,
        summary: 'The tiers (public)',
        description: 'A customer’s tier is the highest threshold at or below her lifetime points. The whole ladder, lowest threshold first: a handful of tiers, so never paged.',
        response: { 200: Tiers, 400: Problem },
      },
    },
    async (req) => ({ items: await listLoyaltyTiers(req.server.database.db) }),
  )
  app.post(
    '/v1/loyalty/tiers',
    {
      schema: {
        operationId: 'createLoyaltyTier',
        tags,
        summary: 'Create a tier',
        description: '409 tier-code-taken, tier-threshold-taken.',
        security: bearer,
        body: TierBody,
        response: { 201: Tier, ...errors, 409: Problem },
      },
      config: manage,
    },
    (req, reply) => mutate(req, reply, (tx) => createLoyaltyTier(tx, req.body), { status: 201 }),
  )
  app.patch(
    '/v1/loyalty/tiers/:code',
    {
      schema: {
        operationId: 'updateLoyaltyTier',
        tags,
        summary: 'Rename a tier or move its threshold',
        security: bearer,
        params: TierParams,
        body: TierPatch,
        response: { 200: Tier, ...errors, 409: Problem },
      },
      config: manage,
    },
    (req, reply) => mutate(req, reply, (tx) => updateLoyaltyTier(tx, { code: req.params.code, changes: req.body })),
  )
  app.delete(
    '/v1/loyalty/tiers/:code',
    {
      schema: {
        operationId: 'deleteLoyaltyTier',
        tags,
        summary: 'Delete a tier',
        description: 'Its customers fall to the tier below.',
        security: bearer,
        params: TierParams,
        response: { 204: Type.Null(), ...errors },
      },
      config: manage,
    },
    async (req, reply) => {
      await mutate(req, reply, (tx) => deleteLoyaltyTier(tx, { code: req.params.code }), { status: 204 })
      return null
    },
  )

  app.get(
    '/v1/loyalty/rewards',
    {
      schema: {
        operationId: 'listLoyaltyRewards',
        security: [{}, { bearer: [] }],
        tags,
        summary: 'The rewards catalogue',
        description: 'Rewards offered now, cheapest first (public). includeInactive=true (pricing:manage) lists retired ones too.',
        querystring: RewardsQuery,
        response: { 200: Rewards, ...errors },
      },
    },
    async (req) => {
      if (req.query.includeInactive && !can(req.actor, 'pricing:manage')) throw forbidden('pricing:manage')
      return listLoyaltyRewards(req.server.database.db, { ...req.query, activeOnly: !req.query.includeInactive })
    },
  )
  app.get(
    '/v1/loyalty/rewards/:id',
    {
      schema: {
        operationId: 'getLoyaltyReward',
        security: [{}, { bearer: [] }],
        tags,
        summary: 'One reward',
        description: 'A retired reward is a 404 except for pricing:manage.',
        params: RewardParams,
        response: { 200: Reward, ...errors },
      },
    },
    async (req) => {
      const reward = await getLoyaltyReward(req.server.database.db, { id: req.params.id })
      if (!reward.active && !can(req.actor, 'pricing:manage')) throw rewardNotFound(req.params.id)
      return reward
    },
  )
  app.post(
    '/v1/loyalty/rewards',
    {
      schema: {
        operationId: 'createLoyaltyReward',
        tags,
        summary: 'Add a reward',
        description: 'Points exchanged for a single-use voucher of the promotion (404 on /body/promotionId when it does not exist).',
        security: bearer,
        body: RewardBody,
        response: { 201: Reward, ...errors },
      },
      config: manage,
    },
    (req, reply) => mutate(req, reply, (tx) => createLoyaltyReward(tx, req.body), { status: 201 }),
  )
  app.patch(
    '/v1/loyalty/rewards/:id',
    {
      schema: { operationId: 'updateLoyaltyReward', tags, summary: 'Change or retire a reward', security: bearer, params: RewardParams, body: RewardPatch, response: { 200: Reward, ...errors } },
      config: manage,
    },
    (req, reply) => mutate(req, reply, (tx) => updateLoyaltyReward(tx, { id: req.params.id, changes: req.body })),
  )
  app.delete(
    '/v1/loyalty/rewards/:id',
    {
      schema: {
        operationId: 'deleteLoyaltyReward',
        tags,
        summary: 'Delete a reward nobody took',
        description: '409 reward-redeemed once vouchers name it: retire it with active: false instead.',
        security: bearer,
        params: RewardParams,
        response: { 204: Type.Null(), ...errors, 409: Problem },
      },
      config: manage,
    },
    async (req, reply) => {
      await mutate(req, reply, (tx) => deleteLoyaltyReward(tx, { id: req.params.id }), { status: 204 })
      return null
    },
  )

  await app.register(loyaltyCustomerRoutes)
}

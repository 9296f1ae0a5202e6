import { createHash, randomBytes } from 'node:crypto'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { PERMISSIONS, type Actor, type Permission } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { accessTokens } from './schema.js'

export type SubjectKind = 'staff' | 'integration' | 'customer' | 'device'

export interface IssuedToken {
  id: string
  token: string
  expiresAt: Date | null
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** When a token expires (null: never, or no such token). */
export async function tokenExpiry(tx: Tx, tokenId: string): Promise<Date | null> {
  const [row] = await tx.select({ expiresAt: accessTokens.expiresAt }).from(accessTokens).where(eq(accessTokens.id, tokenId)).limit(1)
  return row?.expiresAt ?? null
}

/** Issues a new bearer token, expiring no later than `notAfter` when given; only its hash is stored, so the token is shown once. */
export async function issueToken(
  tx: Tx,
  input: { subjectKind: SubjectKind; subjectId: string; ttlHours: number | null; notAfter?: Date | null; scopes?: Permission[]; label?: string },
): Promise<IssuedToken> {
  const token = `oc_${randomBytes(32).toString('base64url')}`
  const id = newId('tok')
  const asked = input.ttlHours === null ? null : new Date(Date.now() + input.ttlHours * 3_600_000)
  const notAfter = input.notAfter ?? null
  const expiresAt = notAfter !== null && (asked === null || asked > notAfter) ? notAfter : asked
  await tx.insert(accessTokens).values({
    id,
    tokenHash: hashToken(token),
    subjectKind: input.subjectKind,
    subjectId: input.subjectId,
    scopes: input.scopes ?? [],
    label: input.label ?? null,
    expiresAt,
  })
  return { id, token, expiresAt }
}

type ActorRow = {
  id: string
  subject_kind: SubjectKind
  subject_id: string
  scopes: string[] | string
  role: string | null
  disabled_at: unknown
  location_ids: string[] | string | null
  kiosk_channel_id: string | null
}

function textArray(value: string[] | string | null): string[] {
  if (value === null) return []
  if (Array.isArray(value)) return value
  // Some drivers hand back the literal '{a,b}' form for text[] in raw queries.
  return value === '{}' ? [] : value.slice(1, -1).split(',')
}

/** The actor behind a token, or null when it is unknown, expired, revoked or its staff account disabled. */
export async function resolveActor(db: Tx, rawToken: string): Promise<Actor | null> {
  if (rawToken.length > 200) return null
  // Relies on the unique index on access_tokens.token_hash; one round trip per request.
  const result = await db.execute(sql`
    select t.id, t.subject_kind, t.subject_id, t.scopes, s.role, s.disabled_at, d.kiosk_channel_id,
      (select array_agg(l.location_id order by l.location_id) from staff_locations l where l.staff_user_id = s.id) as location_ids
    from access_tokens t
    left join staff_users s on t.subject_kind in ('staff', 'integration') and s.id = t.subject_id
    left join devices d on t.subject_kind = 'device' and d.id = t.subject_id
    where t.token_hash = ${hashToken(rawToken)} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())`)
  const row = rowsOf<ActorRow>(result)[0]
  if (!row) return null
  switch (row.subject_kind) {
    case 'customer':
      return { kind: 'customer', id: row.subject_id, tokenId: row.id }
    case 'device':
      return { kind: 'device', id: row.subject_id, tokenId: row.id, kioskChannelId: row.kiosk_channel_id }
    case 'integration': {
      if (row.disabled_at || row.role !== 'integration') return null
      const scopes = textArray(row.scopes).filter((s): s is Permission => (PERMISSIONS as readonly string[]).includes(s))
      return { kind: 'integration', id: row.subject_id, tokenId: row.id, scopes }
    }
    case 'staff': {
      if (row.disabled_at || !row.role || row.role === 'integration') return null
      const role = row.role as Exclude<Actor & { kind: 'staff' }, never>['role']
      return { kind: 'staff', id: row.subject_id, tokenId: row.id, role, locationIds: textArray(row.location_ids) }
    }
  }
}

/** Revokes one token; a second revoke is a no-op. */
export async function revokeToken(tx: Tx, tokenId: string): Promise<void> {
  await tx.update(accessTokens).set({ revokedAt: sql`now()` }).where(and(eq(accessTokens.id, tokenId), isNull(accessTokens.revokedAt)))
}

/** Revokes every live token of a subject (a disabled staff user, say). */
export async function revokeSubjectTokens(tx: Tx, subjectKind: SubjectKind, subjectId: string): Promise<void> {
  await tx
    .update(accessTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(accessTokens.subjectKind, subjectKind), eq(accessTokens.subjectId, subjectId), isNull(accessTokens.revokedAt)))
}

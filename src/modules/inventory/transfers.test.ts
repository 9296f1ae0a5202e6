import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { SYSTEM_ACTOR } from '../../platform/auth.js'
import { createVariants, eventsOf, expectLedgerConsistent, inventoryWorld, requests, stock, type InventoryWorld } from './inventory.fixtures.js'
import { getAvailability, receiveTransfer, requestTransfer, shipTransfer } from './service.js'

describe.each(engines)('transfers on %s', (engine) => {
  let server: TestServer
  let world: InventoryWorld
  beforeAll(async () => {
    server = await startTestServer({ engine })
    world = await inventoryWorld(server)
  })
  afterAll(async () => server?.close())
  const { post, get } = requests(
    () => server,
    () => world.admin.headers,
  )
  const levelOf = async (variantId: string, locationId: string) =>
    (await getAvailability(server.database.db, { variantIds: [variantId], locationIds: [locationId] }))[0]

  it('reserves at the source, ships into incoming, and receives short with the shortfall as an adjustment', async () => {
    const [a, b] = await createVariants(server, world.admin, 2)
    const from = world.stores.warehouse.id
    const to = world.stores.lyon.id
    await stock(server, world.admin, from, [
      { variantId: a!.id, quantity: 10 },
      { variantId: b!.id, quantity: 4 },
    ])
    const requested = await post(
      '/v1/inventory/transfers',
      {
        fromLocationId: from,
        toLocationId: to,
        lines: [
          { variantId: a!.id, quantity: 6 },
          { variantId: b!.id, quantity: 4 },
        ],
      },
      world.lyonAssociate.headers,
    )
    expect(requested.statusCode).toBe(201)
    const transfer = requested.json()
    expect(transfer).toMatchObject({
      status: 'requested',
      lines: [
        { variantId: a!.id, quantity: 6, receivedQuantity: null },
        { variantId: b!.id, quantity: 4 },
      ],
    })
    expect(await levelOf(a!.id, from)).toMatchObject({ onHand: 10, reserved: 6, available: 4 })
    // The Lyon associate may receive but not ship: shipping is done at the source.
    expect((await post(`/v1/inventory/transfers/${transfer.id}/ship`, {}, world.lyonAssociate.headers)).statusCode).toBe(404)
    const shipped = await server.app.inject({ method: 'POST', url: `/v1/inventory/transfers/${transfer.id}/ship`, headers: world.admin.headers })
    expect(shipped.json()).toMatchObject({ status: 'shipped' })
    expect(await levelOf(a!.id, from)).toMatchObject({ onHand: 4, reserved: 0 })
    expect(await levelOf(a!.id, to)).toMatchObject({ onHand: 0, incoming: 6 })
    const again = await post(`/v1/inventory/transfers/${transfer.id}/ship`)
    expect(again.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/invalid-transfer-transition' })
    const over = await post(
      `/v1/inventory/transfers/${transfer.id}/receive`,
      { lines: [{ variantId: a!.id, receivedQuantity: 7 }] },
      world.lyonAssociate.headers,
    )
    expect(over.json()).toMatchObject({ status: 400, field: '/body/lines/0/receivedQuantity' })
    const received = await post(
      `/v1/inventory/transfers/${transfer.id}/receive`,
      { lines: [{ variantId: a!.id, receivedQuantity: 5 }] },
      world.lyonAssociate.headers,
    )
    expect(received.statusCode).toBe(200)
    expect(received.json()).toMatchObject({
      status: 'received',
      lines: [
        { variantId: a!.id, receivedQuantity: 5 },
        { variantId: b!.id, receivedQuantity: 4 },
      ],
    })
    expect(await levelOf(a!.id, to)).toMatchObject({ onHand: 5, incoming: 0, reserved: 0 })
    expect(await levelOf(b!.id, to)).toMatchObject({ onHand: 4, incoming: 0 })
    const history = (await get(`/v1/inventory/movements?variantId=${a!.id}&locationId=${to}`)).json().items
    expect(history.map((m: { kind: string; onHandDelta: number; incomingDelta: number }) => [m.kind, m.onHandDelta, m.incomingDelta])).toEqual(
      expect.arrayContaining([
        ['in_transit', 0, 6],
        ['transfer_in', 5, -5],
        ['adjustment', 0, -1],
      ]),
    )
    expect(history.find((m: { kind: string }) => m.kind === 'adjustment')).toMatchObject({ reason: 'transfer shortfall', transferId: transfer.id })
    const types = ['requested', 'shipped', 'received'].map((t) => `inventory.transfer_${t}`)
    for (const type of types) expect((await eventsOf(server, type)).filter((e) => e.payload.transferId === transfer.id)).toHaveLength(1)
    await expectLedgerConsistent(server)
  })

  it('cancels a requested transfer, releasing the source, and refuses what the source cannot cover', async () => {
    const [a] = await createVariants(server, world.admin)
    const from = world.stores.paris.id
    await stock(server, world.admin, from, [{ variantId: a!.id, quantity: 3 }])
    const short = await post('/v1/inventory/transfers', {
      fromLocationId: from,
      toLocationId: world.stores.lyon.id,
      lines: [{ variantId: a!.id, quantity: 4 }],
    })
    expect(short.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/insufficient-stock', available: 3 })
    const same = await post('/v1/inventory/transfers', { fromLocationId: from, toLocationId: from, lines: [{ variantId: a!.id, quantity: 1 }] })
    expect(same.json()).toMatchObject({ status: 400, field: '/body/toLocationId' })
    const transfer = (
      await post('/v1/inventory/transfers', { fromLocationId: from, toLocationId: world.stores.lyon.id, lines: [{ variantId: a!.id, quantity: 2 }] })
    ).json()
    expect((await get(`/v1/inventory/transfers/${transfer.id}`, world.lyonAssociate.headers)).statusCode).toBe(200)
    const cancelled = await post(`/v1/inventory/transfers/${transfer.id}/cancel`, { reason: 'Not needed any more' })
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' })
    expect(await levelOf(a!.id, from)).toMatchObject({ onHand: 3, reserved: 0 })
    expect((await post(`/v1/inventory/transfers/${transfer.id}/receive`)).json()).toMatchObject({ status: 409 })
    expect((await get('/v1/inventory/transfers/trf_nope')).statusCode).toBe(404)
    await expectLedgerConsistent(server)
  })

  it('holds what arrives at the pickup store for the order the transfer carries', async () => {
    const [a] = await createVariants(server, world.admin)
    const from = world.stores.warehouse.id
    const to = world.stores.montpellier.id
    await stock(server, world.admin, from, [{ variantId: a!.id, quantity: 5 }])
    const transfer = await server.database.transaction((tx) =>
      requestTransfer(tx, {
        fromLocationId: from,
        toLocationId: to,
        lines: [{ variantId: a!.id, quantity: 2 }],
        actor: SYSTEM_ACTOR,
        orderId: 'ord_cc',
        fulfilmentId: 'ful_cc',
      }),
    )
    await server.database.transaction((tx) => shipTransfer(tx, { id: transfer.id, actor: SYSTEM_ACTOR }))
    await server.database.transaction((tx) => receiveTransfer(tx, { id: transfer.id, actor: SYSTEM_ACTOR }))
    expect(await levelOf(a!.id, to)).toMatchObject({ onHand: 2, reserved: 2, available: 0 })
    const reserved = (await eventsOf(server, 'inventory.stock_reserved')).filter((e) => e.payload.orderId === 'ord_cc')
    expect(reserved.map((e) => [e.payload.kind, e.payload.locationId, e.payload.fulfilmentId])).toEqual([
      ['transfer', from, 'ful_cc'],
      ['order', to, 'ful_cc'],
    ])
    await expectLedgerConsistent(server)
  })
})

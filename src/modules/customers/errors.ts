import { notFound } from '../../platform/problems.js'

export const customerNotFound = (id: string) => notFound('Customer', id, '/params/id')

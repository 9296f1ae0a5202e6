/** Once before the whole run: the web apps built from their current sources, for the browser tests to load. */
import { buildWebApps } from '../apps/build.js'

export default async function setup(): Promise<void> {
  await buildWebApps()
}

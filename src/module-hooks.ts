/**
 * Who reacts to what: every hook handler, registered at start, in the order it runs. A hook is declared by the module
 * that acts (src/platform/hooks.ts); the handlers come from the modules that must react, above or below it. This file
 * sits above every module, so that no module imports one above it to be told what happened (README, "Module layers").
 * Where several modules react to one hook, the order written here is the order they run — and the lock order (stock,
 * promotions, loyalty) that checkout, cancellations and returns all follow.
 *
 * Imported for its effect by src/app.ts and by every entry point that runs module code without the app.
 */
import { sealHooks } from './platform/hooks.js'

// ── Sign-in ───────────────────────────────────────────────────────────────────────────────────────────────────────

// ── Customers: merge, unmerge, erasure, export, a store's look-up ────────────────────────────────────────────────

// ── Carts and promotions ─────────────────────────────────────────────────────────────────────────────────────────

// ── Orders and returns ───────────────────────────────────────────────────────────────────────────────────────────

sealHooks()

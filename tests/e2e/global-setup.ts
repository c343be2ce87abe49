import { ensureBuilt } from '../harness/build';

/** Build the renderer and the database worker once, before any worker starts a harness. */
export default async function globalSetup(): Promise<void> {
  await ensureBuilt();
}

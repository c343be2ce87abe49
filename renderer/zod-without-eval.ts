import { z } from 'zod';

// zod builds fast object parsers with new Function() when each schema is created; the CSP forbids
// eval, so this must run before any schema module is evaluated: main.tsx and the harness bridge import it first.
z.config({ jitless: true });

import { z } from 'zod';

/**
 * Turns off zod's JIT before any schema parses (imported first by main.tsx): the JIT probes `new Function`, which
 * the renderer's CSP (no 'unsafe-eval') reports as a violation even though zod catches the error.
 */
z.config({ jitless: true });

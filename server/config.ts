// Configuration: read once from the environment, parsed by zod, with a message naming
// each bad variable. Nothing else in the server reads process.env.
import { z } from 'zod';

const Bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    // Several processes on one PostgreSQL: a Redis carries what they say to each other.
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Seconds a process's hold on a drill lasts unless renewed: how soon a dead one's drills move. */
    LEASE_SECONDS: z.coerce.number().min(0.5).max(300).default(5),
    /** This process's name among several (default: host name, process id and a random tag). */
    NODE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash and underscore, at most 64')
      .optional(),
    /** On SIGTERM: seconds answering /readyz with 503 before handing drills over and exiting. */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(0),
    SCENARIOS_DIR: z.string().min(1).default('./scenarios'),
    CLIENT_DIR: z.string().min(1).default('./dist'),
    ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    COMMANDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
    DRILLS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    JOIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
    MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(16_384),
    TICK_SECONDS: z.coerce.number().min(0.05).max(60).default(1),
    TRUST_PROXY: Bool.default(false),
    // Limits against one misbehaving client; sized so an office behind one NAT address can run a
    // 15-person drill (see the README's configuration table).
    HANDSHAKES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
    MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
    MAX_SOCKETS_PER_SEAT: z.coerce.number().int().min(1).max(1000).default(4),
    MAX_DRILLS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(30),
    MAX_DRILLS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    IDLE_UNLOAD_SECONDS: z.coerce.number().min(0.1).max(86_400).default(600),
    MAX_SEND_BUFFER_BYTES: z.coerce
      .number()
      .int()
      .min(16_384)
      .max(1_000_000_000)
      .default(1_048_576),
    MAX_QUEUED_COMMANDS_PER_DRILL: z.coerce.number().int().min(1).max(100_000).default(32),
    MAX_QUEUED_COMMANDS: z.coerce.number().int().min(1).max(1_000_000).default(256),
    // Import: anyone may preview a draft (nothing is stored); saving one into SCENARIOS_DIR
    // needs this key, and is off without it.
    AUTHORING_TOKEN: z
      .string()
      .min(16, 'use at least 16 characters')
      .regex(/^[\x21-\x7e]+$/, 'printable characters without spaces')
      .optional(),
    IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(262_144),
    IMPORTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  })
  .refine((c) => !c.REDIS_URL || c.DATABASE_URL, {
    path: ['REDIS_URL'],
    message: 'several processes share one PostgreSQL: set DATABASE_URL too',
  });
export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

const SECRETS = new Set(['AUTHORING_TOKEN']);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const name = String(i.path[0] ?? '?');
    // A key is never echoed: the message goes to logs.
    const shown = SECRETS.has(name) ? '(hidden)' : JSON.stringify(env[name] ?? '');
    return `  ${name}=${shown}: ${i.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

import { ConfigError } from '../core/errors.js';
import { DEFAULT_QUEUE_SETTINGS, type FetchQueueSettings } from '../queue/queue-settings.js';

/**
 * The job queue's timings, from the environment so that every worker and scheduler of a site (and
 * a test) can share them without a config change: `NEWSMILL_QUEUE_HEARTBEAT_SECONDS` (a whole
 * number, at least 10; a killed worker's job moves on after about 1.5 times this) and
 * `NEWSMILL_QUEUE_POLL_SECONDS` (at least 0.5; how often an idle worker asks for jobs).
 */
export function queueSettingsFromEnv(env: Record<string, string | undefined>): FetchQueueSettings {
  const heartbeat = readSeconds(env, 'NEWSMILL_QUEUE_HEARTBEAT_SECONDS', { min: 10, max: 3600 });
  if (heartbeat !== null && !Number.isInteger(heartbeat))
    throw new ConfigError(
      `NEWSMILL_QUEUE_HEARTBEAT_SECONDS=${heartbeat}: expected a whole number of seconds`,
    );
  const poll = readSeconds(env, 'NEWSMILL_QUEUE_POLL_SECONDS', { min: 0.5, max: 600 });
  return {
    ...DEFAULT_QUEUE_SETTINGS,
    heartbeatSeconds: heartbeat ?? DEFAULT_QUEUE_SETTINGS.heartbeatSeconds,
    pollSeconds: poll ?? DEFAULT_QUEUE_SETTINGS.pollSeconds,
  };
}

/** A number of seconds from the environment, or null when the variable is unset or empty. */
function readSeconds(
  env: Record<string, string | undefined>,
  name: string,
  range: { min: number; max: number },
): number | null {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < range.min || value > range.max)
    throw new ConfigError(
      `${name}=${JSON.stringify(text)}: expected seconds from ${range.min} to ${range.max}`,
    );
  return value;
}

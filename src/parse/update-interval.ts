import { childElement, textContent, type XmlElement } from './xml-node.js';

const PERIOD_MINUTES: Record<string, number> = {
  hourly: 60,
  daily: 1440,
  weekly: 10080,
  monthly: 43200,
  yearly: 525600,
};

/**
 * The polling interval a channel declares, in minutes: RSS 2.0 `<ttl>` (minutes), else the RSS 1.0
 * Syndication module (`sy:updatePeriod` divided by `sy:updateFrequency`). Nonsense values give null.
 */
export function declaredUpdateMinutes(channel: XmlElement | null): number | null {
  if (channel === null) return null;
  const ttlElement = childElement(channel, 'ttl');
  if (ttlElement) {
    const ttl = Number.parseInt(textContent(ttlElement).trim(), 10);
    if (Number.isFinite(ttl) && ttl > 0) return ttl;
  }
  const periodElement = childElement(channel, 'sy:updateperiod');
  if (!periodElement) return null;
  const period = PERIOD_MINUTES[textContent(periodElement).trim().toLowerCase()];
  if (period === undefined) return null;
  const frequencyElement = childElement(channel, 'sy:updatefrequency');
  const frequency = frequencyElement ? Number.parseInt(textContent(frequencyElement).trim(), 10) : 1;
  return Number.isFinite(frequency) && frequency > 0 ? Math.max(1, Math.round(period / frequency)) : period;
}

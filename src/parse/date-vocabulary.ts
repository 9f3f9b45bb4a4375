/** A calendar date and time as written, with its UTC offset in minutes or IANA zone when the text gave one. */
export interface WrittenTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC, or null when the text named no offset. */
  offset: number | null;
  /** An IANA zone named in the text ("Europe/Brussels", or "ET" read as America/New_York), else null. */
  zone?: string | null;
}

// Month names and abbreviations in the languages feeds are written in, accents and case removed.
// Longer prefixes are tried first, so French "juil" (July) is not read as "jui…" and "mars" beats "mar".
// prettier-ignore
const MONTH_WORDS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  janv: 1, fev: 2, fevr: 2, avr: 4, mai: 5, juin: 6, juil: 7, aou: 8, aout: 8, sept: 9, // French
  marz: 3, okt: 10, dez: 12, // German, Dutch, Scandinavian
  ene: 1, abr: 4, ago: 8, dic: 12, // Spanish
  gen: 1, mag: 5, giu: 6, lug: 7, set: 9, ott: 10, // Italian, Portuguese
  maa: 3, mei: 5, maj: 5, out: 10, szep: 9, juni: 6, juli: 7, // Dutch, Hungarian, Portuguese
  ιαν: 1, φεβ: 2, μαρ: 3, απρ: 4, μαι: 5, ιουν: 6, ιουλ: 7, αυγ: 8, σεπ: 9, οκτ: 10, νοε: 11, δεκ: 12,
};

// prettier-ignore
const ENGLISH_MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** The month (1–12) a word names in a common feed language, or undefined. */
export function monthOfWord(word: string): number | undefined {
  // English abbreviations first: they are nearly every date, and NFD normalization is costly.
  const english = ENGLISH_MONTHS[word.slice(0, 3).toLowerCase()];
  if (english !== undefined && (word.length === 3 || /^[a-z]+$/i.test(word))) return english;
  const plain = word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  for (let length = Math.min(plain.length, 4); length >= 3; length--) {
    const month = MONTH_WORDS[plain.slice(0, length)];
    if (month !== undefined) return month;
  }
  return undefined;
}

/** A leading English weekday name, including the non-standard "Thur", "Thurs" and "Tues". */
export const WEEKDAY_PREFIX = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*/i;

// RFC 822 §5.1 names plus common abbreviations, in minutes east of UTC. Military letters follow
// actual military usage (A = +1, N = -1): RFC 822 had the signs backwards, and RFC 2822 §4.3 gave up
// on them; the letters mean what the military means.
// prettier-ignore
const ZONE_MINUTES: Record<string, number> = {
  gmt: 0, ut: 0, utc: 0, z: 0, wet: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360,
  pst: -480, pdt: -420, akst: -540, akdt: -480, hst: -600, hast: -600, hadt: -540, hdt: -540, ast: -240,
  adt: -180, nst: -210, ndt: -150, brt: -180, art: -180, bst: 60, ist: 330, cet: 60, cest: 120, met: 60,
  mest: 120, mez: 60, mesz: 120, west: 60, eet: 120, eest: 180, msk: 180, cat: 120, eat: 180, sast: 120,
  pkt: 300, ict: 420, wib: 420, hkt: 480, sgt: 480, pht: 480, awst: 480, jst: 540, kst: 540, acst: 570,
  aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};
for (let hour = 1; hour <= 12; hour++) {
  ZONE_MINUTES[String.fromCharCode(hour < 10 ? 96 + hour : 97 + hour)] = hour * 60; // a–i, k–m
  ZONE_MINUTES[String.fromCharCode(109 + hour)] = -hour * 60; // n–y
}

// North American generic names follow daylight saving time, so they name a zone rather than an offset.
const ZONE_REGIONS: Record<string, string> = {
  nt: 'America/St_Johns',
  at: 'America/Halifax',
  et: 'America/New_York',
  ct: 'America/Chicago',
  mt: 'America/Denver',
  pt: 'America/Los_Angeles',
  akt: 'America/Anchorage',
};

// Servers in China print "CST" for China Standard Time (Java's Date#toString does), not US Central.
const CHINA_ZONES =
  /^(?:Asia\/(?:Shanghai|Chongqing|Chungking|Harbin|Urumqi|Taipei|Macau|Hong_Kong)|PRC|ROC)$/;

/** Reads a zone abbreviation: minutes east of UTC, an IANA zone name, or undefined when unknown. */
export function zoneOfWord(word: string, timezone: string): number | string | undefined {
  const name = word.toLowerCase();
  if (name === 'cst' && CHINA_ZONES.test(timezone)) return 480;
  return ZONE_MINUTES[name] ?? ZONE_REGIONS[name];
}

/**
 * Reads a zone as written after a time: minutes east of UTC for "Z", a numeric offset ("+08:00",
 * "GMT-5") or a known abbreviation; an IANA zone for a DST-following name ("ET"); null for an
 * unknown abbreviation (read as local time); undefined when malformed. An offset past the real
 * range (-12:00 to +14:00) is returned as written: the caller decides what it means.
 */
export function readZone(zone: string, timezone: string): number | string | null | undefined {
  if (zone === 'Z' || zone === 'z' || zone === 'GMT') return 0;
  const numeric = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}?)(?::?(\d{2}))?$/i.exec(zone.trim());
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = numeric[3] ? Number(numeric[3]) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  if (!/^[a-z]+$/i.test(zone)) return undefined;
  return zoneOfWord(zone, timezone) ?? null;
}

/** Milliseconds from the digits of a decimal fraction of a second ("5" is 500, "123456" is 123). */
export function fractionMillis(digits: string | undefined): number {
  return digits ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0;
}

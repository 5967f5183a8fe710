/**
 * What the sandbox's carriers make of a package: whether its tracking number is one they issued (Amazon's valid
 * tracking rate counts a package as valid when the carrier scanned it; a number the carrier never issued is never
 * scanned), and when it is delivered. The shapes are the sandbox's own, coarse on purpose: the common parcel
 * formats of each carrier code the demo and the tests use; any other carrier takes 8 to 40 letters or digits that
 * are not one character repeated (a placeholder such as "00000000" or "TBD"). The numbers the generated world's own
 * shipments carry (generator/world-cases.ts) are its carriers' numbers too: their shapes are listed with them.
 */
import { createHash } from 'node:crypto';

const DAY = 86_400_000;
const S10 = /^[A-Z]{2}\d{9}[A-Z]{2}$/;

const SHAPES: Readonly<Record<string, readonly RegExp[]>> = {
  UPS: [/^1Z[A-Z0-9]{16}$/],
  USPS: [/^\d{20,22}$/, /^9\d{25,33}$/, S10],
  FedEx: [/^\d{12}$/, /^\d{15}$/, /^\d{20}$/, /^\d{22}$/],
  DHL: [/^\d{10}$/, /^JJD\d{18}$/, /^JD\d{18}$/, /^JVGL\d{14}$/, /^\d{12}$/, /^\d{20}$/, S10],
  'Royal Mail': [S10, /^RR\d{9}$/],
  'Deutsche Post': [S10, /^\d{12,20}$/],
  'Amazon Shipping': [/^TBA\d{12}$/],
  DPD: [/^\d{14}$/],
  GLS: [/^\d{11,12}$/],
  Hermes: [/^\d{14,16}$/, /^H\d{19}$/],
};

const normalise = (n: string) => n.replace(/[\s-]+/g, '').toUpperCase();

/** Whether the carrier knows the number (it will scan the package). */
export function trackingScanned(carrier: string, trackingNumber: string): boolean {
  const n = normalise(trackingNumber);
  const shapes = SHAPES[carrier];
  if (shapes) return shapes.some((s) => s.test(n));
  return /^[A-Z0-9]{8,40}$/.test(n) && !/^(.)\1*$/.test(n);
}

/**
 * When a scanned package reaches the buyer: one to four days after it was handed over, drawn from the number (the
 * same package always arrives the same day, whoever asks). Never for a package the carrier does not know.
 */
export function deliveredAtMs(carrier: string, trackingNumber: string, shipMs: number): number | null {
  if (!trackingScanned(carrier, trackingNumber)) return null;
  const days = 1 + (createHash('sha256').update(`${carrier}/${normalise(trackingNumber)}`).digest()[0]! % 4);
  return shipMs + days * DAY;
}

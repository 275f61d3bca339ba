/**
 * What the rooms' fakes (fake-complaints.ts, fake-contracts.ts, fake-stats.ts,
 * fake-warehouse.ts) need from
 * the main fake, fake-backend.ts: who is signed in, failing with core's
 * error, telling the page that data changed, and the seeded customers and
 * orders; and reading a file's bytes sent as base64. Nothing here imports
 * the app's api.
 */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Who is signed in, and failing with core's error code and message. */
export interface FakeUser {
  role: () => string;
  user: () => string;
  fail: (code: Json, message: string) => never;
}

/** A room that changes data: the user, telling the page, the seeded customers and orders. */
export interface RoomContext extends FakeUser {
  changed: () => void;
  customers: Json[];
  orders: Json[];
}

/** A file's bytes as a command receives them, one base64 string (core's `args::base64_bytes`). */
export function bytesOfBase64(data: unknown, fail: FakeUser['fail']): Uint8Array<ArrayBuffer> {
  if (typeof data !== 'string') fail('invalid', 'data: not base64');
  return Uint8Array.from(atob(data as string), (ch) => ch.charCodeAt(0));
}

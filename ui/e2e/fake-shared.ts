/**
 * What the rooms' fakes (fake-complaints.ts, fake-contracts.ts, fake-stats.ts,
 * fake-warehouse.ts) need from
 * the main fake, fake-backend.ts: who is signed in, failing with core's
 * error, telling the page that data changed, and the seeded customers and
 * orders. Types only: nothing here imports the app's api.
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

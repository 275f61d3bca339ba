// An Onsite sync client in JavaScript, written only from
// docs/sync-protocol.md and docs/schema.md, to prove a third party can.
//
// Usage: node client.mjs <server url> <device token> <work done text>
//
// It writes every change under an Automerge actor of its own (16 random
// bytes), registered with `POST /v1/actors` before its first push, with
// the time in Unix milliseconds (docs/sync-protocol.md, "Attribution").
// It syncs (from a null cursor, keeping documents in memory), finds a work
// order assigned to its user, sets `service.work_done`, syncs that back,
// and prints one JSON line: {user, workOrder, roundTrips, docs}.
// Exit status 1 with a message on stderr on any failure.

import * as A from "@automerge/automerge";
import { Encoder, decode } from "cbor-x";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";

// Plain CBOR maps with text keys; byte fields as CBOR byte strings (no
// tag 64, no record extension).
const cbor = new Encoder({ useRecords: false, tagUint8Array: false, variableMapSize: true });

const MAX_ROUND_TRIPS = 1000;

export class Client {
  constructor(url, token) {
    this.url = url.replace(/\/$/, "");
    this.token = token;
    this.docs = new Map(); // id -> Automerge doc
    this.states = new Map(); // id -> sync state (kept for the whole sync)
    this.cursor = null; // from the last completed sync
    this.changed = new Set(); // documents changed locally since then
    this.roundTrips = 0;
    this.actor = randomBytes(16).toString("hex"); // lowercase hex
    this.registered = false;
  }

  /// POST /v1/actors: the actor this client writes under is registered to
  /// its device (once; registering again answers the same).
  async registerActor() {
    if (this.registered) return;
    const r = await fetch(`${this.url}/v1/actors`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${this.token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ actor: this.actor }),
    });
    if (!r.ok) throw new Error(`POST /v1/actors: ${r.status} ${await r.text()}`);
    this.registered = true;
  }

  /// An empty document written under this client's actor.
  empty() {
    return A.init({ actor: this.actor });
  }

  /// A new document holding `value`, written under this client's actor.
  create(value) {
    return A.change(this.empty(), { time: Date.now() }, (d) => Object.assign(d, value));
  }

  async me() {
    const r = await fetch(`${this.url}/v1/me`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!r.ok) throw new Error(`GET /v1/me: ${r.status} ${await r.text()}`);
    return r.json();
  }

  async post(body) {
    const r = await fetch(`${this.url}/v1/sync`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${this.token}`,
        "content-type": "application/cbor",
      },
      body: cbor.encode(body),
    });
    const bytes = new Uint8Array(await r.arrayBuffer());
    if (!r.ok) {
      throw new Error(`POST /v1/sync: ${r.status} ${new TextDecoder().decode(bytes)}`);
    }
    this.roundTrips += 1;
    return decode(bytes);
  }

  state(id) {
    if (!this.states.has(id)) this.states.set(id, A.initSyncState());
    return this.states.get(id);
  }

  /// One whole sync: the round-trip loop of docs/sync-protocol.md.
  async sync() {
    await this.registerActor();
    let cursor = this.cursor;
    let queue = new Set(this.changed);
    const snapshot = new Set(this.changed);
    let more = false;
    let trips = 0;
    const errors = [];
    for (;;) {
      const docs = [];
      for (const id of queue) {
        const doc = this.docs.get(id) ?? this.empty();
        const [state, msg] = A.generateSyncMessage(doc, this.state(id));
        this.states.set(id, state);
        if (msg) docs.push({ id, msg: Buffer.from(msg) });
      }
      queue = new Set();
      if (docs.length === 0 && !more && trips > 0) break;
      if (trips >= MAX_ROUND_TRIPS) throw new Error("sync did not settle");
      const resp = await this.post({ cursor, docs });
      trips += 1;
      cursor = resp.cursor;
      more = resp.more;
      for (const entry of resp.docs) {
        if (entry.msg) {
          const doc = this.docs.get(entry.id) ?? this.empty();
          const [next, state] = A.receiveSyncMessage(doc, this.state(entry.id), new Uint8Array(entry.msg));
          this.docs.set(entry.id, next);
          this.states.set(entry.id, state);
          queue.add(entry.id);
        } else {
          errors.push(entry);
        }
      }
    }
    // Complete: store the cursor, clear the marks taken at the start
    // (bad_message / internal stay marked to retry next time).
    this.cursor = cursor;
    for (const id of snapshot) {
      const e = errors.find((x) => x.id === id);
      if (!e || e.error.code === "forbidden" || e.error.code === "foreign_actor") {
        this.changed.delete(id);
      }
    }
    // Between syncs only the encoded state is meant to persist.
    for (const [id, s] of this.states) {
      this.states.set(id, A.decodeSyncState(A.encodeSyncState(s)));
    }
    return { trips, errors };
  }

  /// A local edit: one Automerge change (time in Unix milliseconds),
  /// marked for the next sync.
  edit(id, fn) {
    this.docs.set(id, A.change(this.docs.get(id), { time: Date.now() }, fn));
    this.changed.add(id);
  }
}

async function main() {
  const [url, token, workDone] = process.argv.slice(2);
  if (!url || !token || !workDone) {
    throw new Error("usage: node client.mjs <server url> <device token> <work done text>");
  }
  const client = new Client(url, token);
  const { user } = await client.me();
  const first = await client.sync();
  if (first.errors.length) throw new Error(`errors: ${JSON.stringify(first.errors)}`);
  const mine = [...client.docs.entries()].find(
    ([id, doc]) => id.startsWith("wo:") && doc.kind === "wo" && doc.assignee === user,
  );
  if (!mine) throw new Error(`no work order assigned to ${user} among ${client.docs.size} documents`);
  const [id] = mine;
  client.edit(id, (d) => {
    if (!d.service) d.service = {};
    d.service.work_done = workDone; // a plain scalar string (docs/schema.md)
  });
  const second = await client.sync();
  if (second.errors.length) throw new Error(`errors: ${JSON.stringify(second.errors)}`);
  if (client.changed.size) throw new Error("the edit is still unsent");
  console.log(
    JSON.stringify({ user, workOrder: id, roundTrips: client.roundTrips, docs: client.docs.size }),
  );
}

// Run only as a script, not when conformance.mjs imports the client.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}

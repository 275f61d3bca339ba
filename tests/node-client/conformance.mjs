// Schema conformance through a client that is not Onsite's: writes each
// kind of document with ONLY the keys docs/schema.md marks required, signs
// a work order computing the canonical signed content and its SHA-256 as
// docs/schema.md says, and syncs them, all per docs/sync-protocol.md.
//
// Usage: node conformance.mjs <server url> <office token> <engineer token>
//
// The office writes a customer, a part (with its stock counter), a
// contract, a complaint, a planned visit (a follow-up), a satisfaction
// survey (neither reaches the engineer) and two work orders assigned to the engineer (one
// to take parts for, one resolved and ready to sign). The engineer, with
// its own token, books a pickup for the first order (and takes the parts
// off the stock counter) and has the customer sign the second. Prints one
// JSON line: the ids, the signed order's content hash and the status and
// filing the engineer's copy shows after its sync. Exit status 1 with a
// message on stderr on any failure.

import * as A from "@automerge/automerge";
import { createHash, randomBytes } from "node:crypto";
import { Client } from "./client.mjs";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A ULID: 48 bits of milliseconds then 80 random bits, Crockford base 32.
function ulid() {
  let n = BigInt(Date.now());
  let time = "";
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[Number(n % 32n)] + time;
    n /= 32n;
  }
  const bytes = randomBytes(16);
  let rand = "";
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i] % 32];
  return time + rand;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z"); // whole seconds, UTC

/// A new document of `kind` holding `fields` (plus `kind` and `v`), marked
/// for the next sync.
function create(client, kind, fields) {
  const id = fields.id ?? `${kind}:${ulid()}`;
  client.docs.set(id, client.create({ kind, v: 1, id, ...fields }));
  client.changed.add(id);
  return id;
}

/// The canonical signed content of docs/schema.md, from the document as it
/// is (absent optional values written as their empty value).
function signedContent(d, s) {
  const or = (x, empty) => (x === undefined || x === null ? empty : x);
  const t = or(d.timeline, {});
  const sv = or(d.service, {});
  const c = d.customer;
  const e = d.equipment;
  const o = or(d.charge_override, null);
  const content = {
    v: 1,
    id: d.id,
    number: d.number,
    customer: { org: c.org, site_address: c.site_address, contact: c.contact, phone: c.phone },
    equipment: {
      model: e.model,
      serial: e.serial,
      accepted_on: or(e.accepted_on, null),
      original_end_user: e.original_end_user,
    },
    fault: d.fault,
    repair_items: [...or(d.repair_items, [])],
    timeline: {
      responded_at: or(t.responded_at, null),
      departed_at: or(t.departed_at, null),
      arrived_at: or(t.arrived_at, null),
      resolved_at: or(t.resolved_at, null),
    },
    service: {
      work_done: or(sv.work_done, ""),
      findings: or(sv.findings, ""),
      labour_minutes: or(sv.labour_minutes, 0),
      travel_fen: or(sv.travel_fen, 0),
      lodging_fen: or(sv.lodging_fen, 0),
    },
    parts_used: or(d.parts_used, []).map((p) => ({
      pickup_id: p.pickup_id,
      part_no: p.part_no,
      name: p.name,
      qty: p.qty,
      unit_cost_fen: p.unit_cost_fen,
      standard_price_fen: p.standard_price_fen,
    })),
    charges_json: s.charges_json,
    charge_override: o && { amount_fen: o.amount_fen, reason: o.reason, by: o.by, at: o.at },
    signer: s.signer,
    signed_at: s.signed_at,
    opinion: s.opinion,
    satisfaction: s.satisfaction,
    matches_agreed_items: s.matches_agreed_items,
    strokes: [...or(s.strokes, [])],
  };
  // A planned visit's checklist, only when it has one.
  const checklist = or(d.checklist, []);
  if (checklist.length > 0) {
    content.checklist = checklist.map((i) => ({ text: i.text, done: i.done }));
  }
  return JSON.stringify(content);
}

async function checked(client, what) {
  const r = await client.sync();
  if (r.errors.length) throw new Error(`${what}: ${JSON.stringify(r.errors)}`);
}

async function main() {
  const [url, officeToken, engineerToken] = process.argv.slice(2);
  if (!url || !officeToken || !engineerToken) {
    throw new Error("usage: node conformance.mjs <server url> <office token> <engineer token>");
  }
  const office = new Client(url, officeToken);
  const engineer = new Client(url, engineerToken);
  const { user } = await engineer.me();
  await checked(office, "office's first sync");

  const org = "云南省产品质量监督检验研究院";
  const cust = create(office, "cust", {
    org,
    site_address: "昆明市五华区",
    contact: "李明",
    phone: "0871-65123456",
  });
  const partNo = "DL-200";
  const part = create(office, "part", {
    id: `part:${partNo}`,
    part_no: partNo,
    name: "氘灯",
    unit_cost_fen: 120000,
    standard_price_fen: 180000,
    stock: { main: new A.Counter(10) },
    moves: [],
  });
  const contract = create(office, "contract", {
    number: "HT-2026-JS1",
    customer_id: cust,
    starts_on: "2026-01-01",
    ends_on: "2026-12-31",
    labour_fen_per_hour: 0,
    parts: "at_cost",
    travel_free: true,
    lodging_free: true,
    visit_every_months: 3,
  });
  const complaint = create(office, "complaint", {
    class: "quality",
    order_no: "PO-2026-0042",
    part_no: partNo,
    quantity: 10,
    defective_qty: 2,
    request: "更换不良品",
    details: "两只灯不亮",
    received_at: now(),
  });
  // The office's own documents: a planned visit (a follow-up) and a survey.
  const followup = create(office, "followup", {
    origin: "planned_visit",
    customer: { org, site_address: "昆明市五华区", contact: "李明", phone: "0871-65123456" },
    channel: "on_site",
    created_at: now(),
    created_by: "office",
  });
  const survey = create(office, "survey", {
    customer_id: cust,
    org,
    surveyed_at: now(),
    satisfaction: 4,
    by: "office",
    recorded_at: now(),
  });
  // Every status change is a `history` entry the writer may make
  // (docs/sync-protocol.md, *Write rules*): the office records the steps
  // that bring a new order to `status`.
  const steps = {
    assigned: [["new", "assigned", "assign"]],
    resolved: [
      ["new", "assigned", "assign"],
      ["assigned", "responded", "respond"],
      ["responded", "resolved", "resolve"],
    ],
  };
  const history = (status) =>
    steps[status].map(([from, to, action]) => ({ from, to, action, at: now(), by: "office" }));
  const order = (status, seq, extra) =>
    create(office, "wo", {
      history: history(status),
      number: `WO-2026-77-${String(seq).padStart(6, "0")}`,
      order_kind: "repair",
      status,
      priority: "P2",
      customer: { org, site_address: "昆明市五华区", contact: "李明", phone: "0871-65123456" },
      equipment: { model: "UV-2600", serial: "A1234", original_end_user: true },
      fault: "基线漂移",
      reported_at: now(),
      visit_needed: true,
      created_at: now(),
      created_by: "office",
      assignee: user,
      ...extra,
    });
  const wo = order("assigned", 1, {});
  const toSign = order("resolved", 2, {
    service: { work_done: "更换氘灯，校准波长", findings: "", labour_minutes: 90, travel_fen: 0, lodging_fen: 0 },
  });
  await checked(office, "office's documents");

  await checked(engineer, "engineer's first sync");
  for (const id of [wo, toSign, part]) {
    if (!engineer.docs.get(id)?.kind) throw new Error(`the engineer did not receive ${id}`);
  }
  for (const id of [followup, survey]) {
    if (engineer.docs.get(id)?.kind) throw new Error(`the engineer received the office's ${id}`);
  }
  const qty = 2;
  const pickup = create(engineer, "pickup", {
    part_id: part,
    part_no: partNo,
    name: "氘灯",
    qty,
    work_order_id: wo,
    engineer: user,
    warehouse: "main",
    picked_at: now(),
  });
  // The counter and its movement in one change: the server lets an
  // engineer move stock only by pickups and returns of their own, listed.
  engineer.edit(part, (d) => {
    d.stock.main.increment(-qty);
    d.moves.push({
      id: ulid(),
      kind: "pickup",
      warehouse: "main",
      qty: -qty,
      counted: null,
      reason: "",
      by: user,
      at: now(),
      pickup_id: pickup,
      work_order_id: wo,
      work_order_no: null,
    });
  });

  const signoff = {
    signer: "李明",
    signed_at: now(),
    opinion: "满意",
    satisfaction: 5,
    matches_agreed_items: true,
    strokes: ["100,300 300,100 500,300 700,100 900,300", "150,350 850,350"],
    charges_json: JSON.stringify({
      tier: "in_warranty",
      under_contract: false,
      lines: [{ kind: "labour", description: "人工", qty: 6, unit_fen: 0, amount_fen: 0, basis: "free" }],
      total_fen: 0,
      override: null,
    }),
  };
  const content = signedContent(engineer.docs.get(toSign), signoff);
  const contentHash = createHash("sha256").update(content, "utf8").digest("hex");
  engineer.edit(toSign, (d) => {
    d.signoff = { ...signoff, content_hash: contentHash };
    d.status = "signed";
    d.history.push({ from: "resolved", to: "signed", action: "sign", at: signoff.signed_at, by: user });
  });
  await checked(engineer, "engineer's pickup and sign-off");
  const signed = engineer.docs.get(toSign);

  console.log(
    JSON.stringify({
      user,
      cust,
      part,
      contract,
      complaint,
      followup,
      survey,
      wo,
      signed: toSign,
      pickup,
      contentHash,
      signedStatus: signed.status,
      filingVia: signed.filing?.via ?? null,
    }),
  );
}

main().catch((e) => {
  console.error(e.stack ?? e.message ?? e);
  process.exit(1);
});

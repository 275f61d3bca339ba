//! Writes the seed corpus of every target into `fuzz/fixtures/<target>/`
//! as `seed-<what>` files, made with core's builders and real Automerge
//! exchanges against the kept world (`fuzz/world.cbor`).
//!
//! `onsite-fuzz-seeds` rewrites the seeds (crash fixtures are never
//! touched); `onsite-fuzz-seeds --new-world` writes a new `fuzz/world.cbor`
//! and nothing else — see `onsite_fuzz::world` for why that is rarely
//! wanted. Build again after it, then write the seeds.

use std::path::{Path, PathBuf};

use automerge::sync::{State, SyncDoc};
use automerge::AutoCommit;
use onsite_core::doc;
use onsite_core::model::{DocKind, WorkOrder};
use onsite_core::ops::{self, Actor, ServicePatch};
use onsite_core::rules::state::{Action, Role};
use onsite_core::rules::RulesConfig;
use onsite_core::sync::protocol::{self, DocMsg, DocReply, SyncRequest, SyncResponse};
use onsite_core::testing::{self, PickupBuilder, WorkOrderBuilder};
use onsite_fuzz::sync_apply;
use onsite_fuzz::world::{self, Who, ENGINEER, OFFICE, OTHER_ENGINEER};
use onsite_sync_server::sync::encode_cursor;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if std::env::args().any(|a| a == "--new-world") {
        let bytes = world::encode(&mut world::build());
        std::fs::write(root.join("world.cbor"), bytes).expect("write world.cbor");
        println!("wrote fuzz/world.cbor; build again, then run onsite-fuzz-seeds for the seeds");
        return;
    }
    let fixtures = root.join("fixtures");
    let messages = sync_apply_seeds();
    write(&fixtures, "sync_apply", &messages);
    write(&fixtures, "request", &request_seeds(&messages));
    write(&fixtures, "import", &import_seeds());
    write(&fixtures, "config", &config_seeds());
}

/// Writes `seed-<name>` files into `fixtures/<target>/`, replacing the
/// target's old seeds.
fn write(fixtures: &Path, target: &str, seeds: &[(String, Vec<u8>)]) {
    let dir = fixtures.join(target);
    std::fs::create_dir_all(&dir).expect("create the fixture folder");
    for entry in std::fs::read_dir(&dir).expect("read the fixture folder") {
        let path = entry.expect("an entry").path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("seed-"))
        {
            std::fs::remove_file(&path).expect("remove an old seed");
        }
    }
    for (name, bytes) in seeds {
        std::fs::write(dir.join(format!("seed-{name}")), bytes).expect("write a seed");
    }
    println!("{target}: {} seeds", seeds.len());
}

/// Syncs `device` with `server` (both starting from no shared state) and
/// returns every message the device sent.
fn exchange(device: &mut AutoCommit, server: &mut AutoCommit) -> Vec<Vec<u8>> {
    let (mut ds, mut ss) = (State::new(), State::new());
    let mut sent = Vec::new();
    for _ in 0..10 {
        let out = device.sync().generate_sync_message(&mut ds);
        if let Some(m) = &out {
            sent.push(m.clone().encode());
            server
                .sync()
                .receive_sync_message(&mut ss, m.clone())
                .expect("the server receives");
        }
        let back = server.sync().generate_sync_message(&mut ss);
        if let Some(m) = &back {
            device
                .sync()
                .receive_sync_message(&mut ds, m.clone())
                .expect("the device receives");
        }
        if out.is_none() && back.is_none() {
            break;
        }
    }
    sent
}

/// The device's messages of an exchange about `id`, as `sync_apply` inputs
/// from `who`, named `<name>-<n>`.
fn messages(
    name: &str,
    who: Who,
    id: &str,
    mut device: AutoCommit,
    mut server: AutoCommit,
) -> Vec<(String, Vec<u8>)> {
    exchange(&mut device, &mut server)
        .into_iter()
        .enumerate()
        .map(|(n, m)| (format!("{name}-{n}"), sync_apply::input(who, id, &m)))
        .collect()
}

/// The world's order `id`, edited on a device by `edit`.
fn edited(id: &str, edit: impl FnOnce(&mut WorkOrder)) -> AutoCommit {
    let mut am = world::document(id);
    let mut wo: WorkOrder = doc::read(&am, DocKind::WorkOrder).expect("a world order");
    edit(&mut wo);
    doc::write(&mut am, &wo).expect("the edit is written");
    am
}

fn sync_apply_seeds() -> Vec<(String, Vec<u8>)> {
    let now = testing::instant("2026-03-03T03:00:00Z");
    let eng = Actor::new(ENGINEER, Role::Engineer);
    let office = Actor::new(OFFICE, Role::Office);
    let mut out = Vec::new();
    // The engineer writes the work done and resolves their order.
    let resolved = edited("wo:open", |wo| {
        testing::write_work_done(wo, &eng);
        ops::apply_action(wo, Action::Resolve, &eng, now).expect("resolve");
    });
    out.extend(messages(
        "engineer-resolves",
        Who::Engineer,
        "wo:open",
        resolved,
        world::document("wo:open"),
    ));
    // The engineer picks a part for it: a new pickup.
    let open_id = "wo:open".parse().expect("an id");
    let pickup = PickupBuilder::new(&open_id, "P-100")
        .id_suffix("fuzz")
        .engineer(ENGINEER)
        .doc()
        .1;
    out.extend(messages(
        "engineer-new-pickup",
        Who::Engineer,
        "pickup:fuzz",
        pickup,
        AutoCommit::new(),
    ));
    // The office creates an order, and assigns the new one.
    let created = WorkOrderBuilder::new().id_suffix("fuzz").doc().1;
    out.extend(messages(
        "office-new-order",
        Who::Office,
        "wo:fuzz",
        created,
        AutoCommit::new(),
    ));
    let assigned = edited("wo:new", |wo| {
        ops::assign(wo, ENGINEER, &office, now).expect("assign")
    });
    out.extend(messages(
        "office-assigns",
        Who::Office,
        "wo:new",
        assigned,
        world::document("wo:new"),
    ));
    // Refused: another engineer's order; the signed order changed after signing.
    let other = edited("wo:other", |wo| {
        let li = Actor::new(OTHER_ENGINEER, Role::Engineer);
        let patch = ServicePatch {
            findings: Some("电源板烧毁".into()),
            ..Default::default()
        };
        ops::update_service(wo, patch, &li).expect("a service edit");
    });
    out.extend(messages(
        "engineer-edits-anothers-order",
        Who::Engineer,
        "wo:other",
        other,
        world::document("wo:other"),
    ));
    let tampered = edited("wo:signed", |wo| wo.service.labour_minutes = 900);
    out.extend(messages(
        "engineer-changes-signed-order",
        Who::Engineer,
        "wo:signed",
        tampered,
        world::document("wo:signed"),
    ));
    // Nothing new: the storekeeper holds the part as the server does.
    out.extend(messages(
        "storekeeper-up-to-date",
        Who::Storekeeper,
        "part:P-100",
        world::document("part:P-100"),
        world::document("part:P-100"),
    ));
    out
}

fn request_seeds(sync_apply: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let ids = sync_apply::ids();
    let docs: Vec<DocMsg> = sync_apply
        .iter()
        .take(4)
        .map(|(_, input)| DocMsg {
            id: ids[input[1] as usize % ids.len()].clone(),
            msg: input[2..].to_vec(),
        })
        .collect();
    let first = SyncRequest::default();
    let next = SyncRequest {
        device_time: None,
        cursor: Some(encode_cursor(7, *b"epoch-01")),
        docs: docs.clone(),
    };
    let answer = SyncResponse {
        reset: false,
        remaining: None,
        cursor: encode_cursor(9, *b"epoch-01"),
        docs: vec![
            DocReply::Msg(docs[0].clone()),
            DocReply::error(
                "wo:other",
                protocol::codes::FORBIDDEN,
                "zhang may not access wo:other",
            ),
        ],
        more: true,
    };
    vec![
        (
            "first-request".into(),
            protocol::encode(&first).expect("encode"),
        ),
        (
            "request-with-messages".into(),
            protocol::encode(&next).expect("encode"),
        ),
        (
            "response".into(),
            protocol::encode(&answer).expect("encode"),
        ),
    ]
}

fn import_seeds() -> Vec<(String, Vec<u8>)> {
    let mut another = WorkOrderBuilder::new()
        .id_suffix("imported")
        .assigned_to(ENGINEER)
        .signed()
        .doc()
        .1;
    let mut tampered = edited("wo:signed", |wo| wo.service.labour_minutes = 900);
    vec![
        ("signed-order".into(), world::document("wo:signed").save()),
        ("signed-order-not-on-the-server".into(), another.save()),
        ("changed-after-signing".into(), tampered.save()),
        ("unsigned-order".into(), world::document("wo:open").save()),
        ("not-an-order".into(), world::document("part:P-100").save()),
    ]
}

fn config_seeds() -> Vec<(String, Vec<u8>)> {
    let calendar = r#"{"weekend":["sat","sun"],"holidays":["2026-10-01","2026-10-02","2026-10-05"],"makeup_workdays":["2026-09-27","2026-10-10"]}"#;
    let rules = serde_json::to_string(&RulesConfig::default()).expect("the default rules");
    let london = format!(
        r#"{{"tz":"Europe/London","due_soon_share":0.5,"calendar":{calendar},"tiers":{{"in_warranty_months":6}},"rates":{{"labour_fen_per_hour":30000}}}}"#
    );
    let me = r#"{"user":"zhang","role":"engineer","slot":3,"display_name":"张工"}"#;
    let texts = [
        (
            "instant-and-calendar",
            format!("2026-09-30T15:30:00Z\n{calendar}"),
        ),
        ("day-and-rules", format!("2026-10-01\n{london}")),
        (
            "millis-and-default-rules",
            format!("1772413200000\n{rules}"),
        ),
        ("url-and-me", format!("http://127.0.0.1:8787/\n{me}")),
        (
            "offset-instant",
            "2026-03-10T09:00:00+08:00\n{}".to_string(),
        ),
        // The official calendar file the company starts with.
        (
            "calendar-file",
            format!("2026-02-16\n{}", onsite_core::settings::OFFICIAL_CALENDAR),
        ),
    ];
    texts
        .into_iter()
        .map(|(n, t)| (n.to_string(), t.into_bytes()))
        .collect()
}

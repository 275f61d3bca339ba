//! `onsite-device-under-test`: a headless Onsite device for the kill loops
//! of `make reliability` (see `docs/reliability.md`). It opens a device
//! SQLite file with core's [`Device`] facade, exactly as the app does, and
//! obeys one command per line on standard input, printing what it did on
//! standard output, one line per event, flushed at once (so that a line
//! the harness has read happened before the harness's SIGKILL):
//!
//! | command | what it does | what it prints |
//! |---|---|---|
//! | `note DOC TEXT…` | adds the note (one store transaction, the app's "add note") once per TEXT | `begin write`, `ack DOC TEXT` after each commit, `end write` |
//! | `compact DOC PREFIX` | adds notes `PREFIX-1`, `PREFIX-2`, … until the document has as many change chunks as the store keeps, then one more, whose save folds the chunks into a new snapshot | `ack` per note, `begin compact DOC` before the folding edit, `end compact MICROS` after it |
//! | `sync` | one whole sync with the server (core's client, as the app's sync loop runs it) | `begin sync`, then `end sync ok ROUND_TRIPS DIRTY` or `end sync err MESSAGE` |
//! | `quit` | exits | |
//!
//! An `ack` line means the edit is committed to the device's file: the
//! harness checks after every kill that each acknowledged edit survived.
//! Errors of a command print `error MESSAGE` and the device carries on.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Parser;
use onsite_core::clock::SystemClock;
use onsite_core::model::DocId;
use onsite_core::ops::Actor;
use onsite_core::rules::state::Role;
use onsite_core::rules::RulesConfig;
use onsite_core::service::Device;
use onsite_core::store::docs::COMPACT_CHUNKS;
use onsite_core::sync::client::{sync_once, HttpTransport};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

#[derive(Parser)]
#[command(
    name = "onsite-device-under-test",
    about = "A headless Onsite device driven line by line"
)]
struct Cli {
    /// The device's SQLite file (created when absent).
    #[arg(long)]
    db: PathBuf,
    /// The sync server's URL.
    #[arg(long)]
    url: String,
    /// The device's token.
    #[arg(long)]
    token: String,
    /// The signed-in user.
    #[arg(long)]
    user: String,
    /// Their role (engineer, office, storekeeper).
    #[arg(long, default_value = "engineer")]
    role: String,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let role: Role = cli.role.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let device = Device::open(
        &cli.db,
        Arc::new(SystemClock),
        RulesConfig::default(),
        Actor::new(&cli.user, role),
    )
    .map_err(|e| anyhow::anyhow!("open the device: {e}"))?;
    let device = Arc::new(Mutex::new(device));
    let transport = HttpTransport::new(&cli.url, &cli.token)?;
    let chunks = Connection::open_with_flags(&cli.db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    say("ready");
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let words: Vec<&str> = line.split_whitespace().collect();
        let result = match words.as_slice() {
            ["note", doc, texts @ ..] => notes(&device, doc, texts),
            ["compact", doc, prefix] => compact(&device, &chunks, doc, prefix),
            ["sync"] => {
                say("begin sync");
                match rt.block_on(sync_once(&*device, &transport)) {
                    Ok(out) => {
                        let dirty = device.lock().unwrap().store.dirty_count()?;
                        say(&format!("end sync ok {} {dirty}", out.round_trips));
                    }
                    Err(e) => say(&format!("end sync err {}", one_line(&e.to_string()))),
                }
                Ok(())
            }
            ["quit"] => break,
            _ => Err(anyhow::anyhow!("unknown command {line:?}")),
        };
        if let Err(e) = result {
            say(&format!("error {}", one_line(&format!("{e:#}"))));
        }
    }
    Ok(())
}

/// Prints one event line and flushes it.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn one_line(s: &str) -> String {
    s.replace('\n', " ")
}

/// Adds one note: the app's "add note", one store transaction.
fn add_note(device: &Mutex<Device>, id: &DocId, text: &str) -> anyhow::Result<()> {
    device
        .lock()
        .unwrap()
        .add_note(id, text)
        .map_err(|e| anyhow::anyhow!("add note to {id}: {e}"))?;
    say(&format!("ack {id} {text}"));
    Ok(())
}

fn notes(device: &Mutex<Device>, doc: &str, texts: &[&str]) -> anyhow::Result<()> {
    let id: DocId = doc.parse().context("document id")?;
    say("begin write");
    for text in texts {
        add_note(device, &id, text)?;
    }
    say("end write");
    Ok(())
}

/// The document's change chunks on this device (0 right after a fold).
fn chunk_count(conn: &Connection, id: &DocId) -> anyhow::Result<i64> {
    Ok(conn
        .query_row(
            "SELECT chunk_count FROM documents WHERE id = ?1",
            [id.as_str()],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

fn compact(
    device: &Mutex<Device>,
    chunks: &Connection,
    doc: &str,
    prefix: &str,
) -> anyhow::Result<()> {
    let id: DocId = doc.parse().context("document id")?;
    let mut n = 0;
    while chunk_count(chunks, &id)? < COMPACT_CHUNKS {
        n += 1;
        if n > 10 * COMPACT_CHUNKS {
            bail!("{id} never reached {COMPACT_CHUNKS} chunks");
        }
        add_note(device, &id, &format!("{prefix}-{n}"))?;
    }
    say(&format!("begin compact {id}"));
    let start = Instant::now();
    add_note(device, &id, &format!("{prefix}-{}", n + 1))?;
    let micros = start.elapsed().as_micros();
    if chunk_count(chunks, &id)? != 0 {
        bail!("the edit after {COMPACT_CHUNKS} chunks did not fold them");
    }
    say(&format!("end compact {micros}"));
    Ok(())
}

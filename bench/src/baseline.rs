//! What the sync would cost without Onsite's protocol, computed in
//! process: for every document, a fresh Automerge sync handshake
//! (`sync::State::new()` on both sides, no cursor, no stored state) between
//! two in-memory copies, the device speaking first, until neither side has
//! anything to send. Bytes are the encoded sync messages only (no ids, no
//! CBOR, no HTTP), so the baseline is if anything flattered.
//!
//! The same exchange from an empty device copy, timed, is `raw.first_N_ms`:
//! the first sync between two in-process peers with no HTTP and no SQLite
//! (the server's documents already loaded in memory; each message encoded
//! and decoded as it would be on a wire).

use std::time::{Duration, Instant};

use automerge::sync::{Message, State, SyncDoc};
use automerge::AutoCommit;

/// One message from `from` to `to`, if `from` has one to send; its size.
fn send(
    from: &mut AutoCommit,
    from_state: &mut State,
    to: &mut AutoCommit,
    to_state: &mut State,
) -> anyhow::Result<Option<usize>> {
    let Some(m) = from.sync().generate_sync_message(from_state) else {
        return Ok(None);
    };
    let wire = m.encode();
    to.sync()
        .receive_sync_message(to_state, Message::decode(&wire)?)?;
    Ok(Some(wire.len()))
}

/// Runs a fresh sync handshake between `device` and `server` (device
/// first) until both are quiet; returns the bytes of every message.
pub fn exchange(device: &mut AutoCommit, server: &mut AutoCommit) -> anyhow::Result<usize> {
    let (mut sd, mut ss) = (State::new(), State::new());
    let mut bytes = 0;
    for _ in 0..100 {
        let up = send(device, &mut sd, server, &mut ss)?;
        let down = send(server, &mut ss, device, &mut sd)?;
        if up.is_none() && down.is_none() {
            return Ok(bytes);
        }
        bytes += up.unwrap_or(0) + down.unwrap_or(0);
    }
    anyhow::bail!("the handshake did not settle in 100 rounds")
}

/// The fresh handshake's bytes for each document when both sides hold the
/// same saved bytes (a reconnect where nothing changed).
pub fn nochange_bytes(saved: &[Vec<u8>]) -> anyhow::Result<Vec<usize>> {
    saved
        .iter()
        .map(|b| exchange(&mut AutoCommit::load(b)?, &mut AutoCommit::load(b)?))
        .collect()
}

/// The fresh handshake's bytes between a device holding `before` and a
/// server holding `after`.
pub fn changed_bytes(before: &[u8], after: &[u8]) -> anyhow::Result<usize> {
    exchange(
        &mut AutoCommit::load(before)?,
        &mut AutoCommit::load(after)?,
    )
}

/// The time to bring an empty device copy of every document up to date
/// with the server's, all in memory.
pub fn raw_first_sync(saved: &[Vec<u8>]) -> anyhow::Result<Duration> {
    let mut server: Vec<AutoCommit> = saved
        .iter()
        .map(|b| AutoCommit::load(b))
        .collect::<Result<_, _>>()?;
    let t = Instant::now();
    for doc in &mut server {
        let mut device = AutoCommit::new();
        exchange(&mut device, doc)?;
        debug_assert_eq!(device.get_heads(), doc.get_heads());
    }
    Ok(t.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::ROOT;

    #[test]
    fn an_unchanged_pair_costs_little_and_a_fresh_copy_gets_everything() {
        let mut a = AutoCommit::new();
        a.put(ROOT, "x", "hello").unwrap();
        a.commit();
        let saved = a.save();
        let same = nochange_bytes(std::slice::from_ref(&saved)).unwrap()[0];
        assert!(same > 0 && same < 200, "{same}");
        let mut empty = AutoCommit::new();
        let full = exchange(&mut empty, &mut AutoCommit::load(&saved).unwrap()).unwrap();
        assert!(full > same);
        assert_eq!(empty.get_heads(), a.get_heads());
    }
}

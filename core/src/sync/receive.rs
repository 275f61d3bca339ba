//! Receiving one Automerge sync message into a document that is stored
//! after the message and loaded again for the next one — on the device
//! (`store::apply_remote`) and on the server alike.
//!
//! Automerge keeps a change whose dependencies it lacks in the document's
//! in-memory queue, and a save does not write the queue: the change is
//! dropped with the loaded copy. The peer that sent it counts it as sent
//! (its sync state's `sent_hashes`) and would not send it again when asked,
//! so the exchange would never settle (the simulation's "1000 round trips",
//! seed 5). [`receive`] therefore marks the state so that the next message
//! carries Automerge's sync-reset flag, which makes the peer forget what
//! it sent and answer the `need` in full.
//!
//! [`receive_message`] is the session's receiving step without the
//! session (`super::session::Session::receive` in three steps): pure and
//! independent per document, so the client receives a batch's documents on
//! several threads.

use automerge::sync::{self, Message, State, SyncDoc};
use automerge::{AutoCommit, AutomergeError};

/// Receives `msg` into `doc` with `state`; when changes are left waiting
/// for dependencies, the answer generated from `state` asks the peer to
/// send again.
pub fn receive(
    doc: &mut AutoCommit,
    state: &mut State,
    msg: Message,
) -> Result<(), AutomergeError> {
    doc.sync().receive_sync_message(state, msg)?;
    if !doc.get_missing_deps(&[]).is_empty() {
        state.needs_reset = true;
    }
    Ok(())
}

/// What [`super::session::Session::begin_receive`] hands to [`receive_message`]: the
/// session's sync state for the document, if it holds one.
#[derive(Debug)]
pub struct ReceiveStart {
    pub(super) held: Option<sync::State>,
    /// The server said it was restored: start from a new state rather than
    /// the persisted one.
    pub(super) fresh: bool,
}

/// What [`receive_message`] did, for [`super::session::Session::end_receive`].
#[derive(Debug)]
pub struct Received {
    /// The session's sync state after the answer was generated.
    pub(super) state: sync::State,
    /// The encoded answer (`None`: nothing to say), or why the message did
    /// not decode or apply.
    pub(super) outcome: Result<Option<Vec<u8>>, String>,
    /// The message's bytes when the document was received whole into an
    /// empty one and loading them gave exactly the heads the server named,
    /// nothing waiting: its saved form, to store as the snapshot.
    pub whole: Option<Vec<u8>>,
}

/// The middle step of [`super::session::Session::receive`], with no session: receives
/// `msg` into `doc` from the state `start` holds (or `persisted`, the
/// state the store loaded), leaves in `persisted` the state to store and
/// generates the answer. Pure and independent per document, so a batch's
/// documents may be received on several threads.
pub fn receive_message(
    start: ReceiveStart,
    doc: &mut AutoCommit,
    persisted: &mut sync::State,
    msg: &[u8],
) -> Received {
    let mut current = match start.held {
        Some(held) => held,
        None if start.fresh => sync::State::new(),
        None => std::mem::take(persisted),
    };
    let was_empty = doc.get_heads().is_empty();
    let mut whole = None;
    let result = sync::Message::decode(msg)
        .map_err(|e| e.to_string())
        .and_then(|m| {
            if was_empty && !m.changes.is_empty() {
                whole = Some((
                    m.heads.clone(),
                    m.changes.iter().collect::<Vec<_>>().concat(),
                ));
            }
            receive(doc, &mut current, m).map_err(|e| e.to_string())
        });
    *persisted = current.clone();
    let outcome = result.map(|()| {
        doc.sync()
            .generate_sync_message(&mut current)
            .map(super::compact::encode)
    });
    // A document received whole into an empty one: its saved form is the
    // message's bytes when loading them gave exactly the heads the server
    // named, nothing waiting.
    let whole = whole
        .filter(|_| outcome.is_ok())
        .and_then(|(mut heads, bytes)| {
            heads.sort();
            (!heads.is_empty() && doc.get_heads() == heads && doc.get_missing_deps(&[]).is_empty())
                .then_some(bytes)
        });
    Received {
        state: current,
        outcome,
        whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::ROOT;

    /// A document saved and loaded again, as the stores do between messages.
    fn reloaded(doc: &mut AutoCommit) -> AutoCommit {
        AutoCommit::load(&doc.save()).unwrap()
    }

    #[test]
    fn a_change_that_arrives_without_its_dependency_is_sent_again() {
        let mut a = AutoCommit::new();
        a.put(ROOT, "model", "LC-20A").unwrap();
        a.commit();
        let mut b = AutoCommit::load(&a.save()).unwrap();
        let (mut sa, mut sb) = (State::new(), State::new());
        // Settle the shared start.
        for _ in 0..6 {
            if let Some(m) = a.sync().generate_sync_message(&mut sa) {
                receive(&mut b, &mut sb, m).unwrap();
                b = reloaded(&mut b);
            }
            if let Some(m) = b.sync().generate_sync_message(&mut sb) {
                receive(&mut a, &mut sa, m).unwrap();
            }
        }
        a.put(ROOT, "serial", "S-1").unwrap();
        let first = a.commit().unwrap();
        a.put(ROOT, "fault", "no signal").unwrap();
        a.commit();
        // A believes the first change already went (a false positive of
        // B's Bloom filter would leave it out the same way).
        sa.sent_hashes.insert(first);
        for _ in 0..10 {
            let m1 = a.sync().generate_sync_message(&mut sa);
            if let Some(m) = m1.clone() {
                receive(&mut b, &mut sb, m).unwrap();
                b = reloaded(&mut b);
            }
            let m2 = b.sync().generate_sync_message(&mut sb);
            if let Some(m) = m2.clone() {
                receive(&mut a, &mut sa, m).unwrap();
            }
            if m1.is_none() && m2.is_none() {
                break;
            }
        }
        assert_eq!(b.get_heads(), a.get_heads(), "B holds both changes");
    }
}

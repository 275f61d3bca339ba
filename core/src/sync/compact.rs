//! Sync messages with their changes compressed: Automerge's sync messages
//! carry each change as raw bytes, while a change chunk may also be stored
//! DEFLATE-compressed (chunk type 2, what `Change::bytes` gives for a
//! change over 256 bytes). Every Automerge peer reads both forms
//! (`load_incremental`), and a change's hash is that of its uncompressed
//! form, so [`encode`] swaps each change for its compressed form where that
//! is smaller: a note or a signature is mostly text and shrinks by about
//! half. Used for every message the server sends and the device pushes.

use automerge::sync::Message;
use automerge::Change;

/// `message` encoded with each change chunk in its compressed form where
/// that is smaller. A whole-document chunk (a V2 message's document) and
/// anything that does not read as a change are left as they are.
pub fn encode(mut message: Message) -> Vec<u8> {
    let chunks: Vec<Vec<u8>> = message.changes.iter().map(compress).collect();
    message.changes = chunks.into();
    message.encode()
}

fn compress(chunk: &[u8]) -> Vec<u8> {
    match Change::try_from(chunk) {
        Ok(mut change) => {
            let bytes = change.bytes();
            if bytes.len() < chunk.len() {
                bytes.into_owned()
            } else {
                chunk.to_vec()
            }
        }
        Err(_) => chunk.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use automerge::sync::{State, SyncDoc};
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ObjType, ROOT};

    use super::*;

    /// Two peers holding the same order (a few changes, so that one more
    /// goes as a change rather than the whole document); the first then
    /// adds a long note.
    fn peers_after_a_note() -> (AutoCommit, AutoCommit, State, State) {
        let mut a = AutoCommit::new();
        for step in ["new", "assigned", "responded", "departed", "on_site"] {
            a.put(ROOT, "status", step).unwrap();
            a.commit();
        }
        let mut b = AutoCommit::load(&a.save()).unwrap();
        let (mut sa, mut sb) = (State::new(), State::new());
        for _ in 0..6 {
            if let Some(m) = a.sync().generate_sync_message(&mut sa) {
                b.sync().receive_sync_message(&mut sb, m).unwrap();
            }
            if let Some(m) = b.sync().generate_sync_message(&mut sb) {
                a.sync().receive_sync_message(&mut sa, m).unwrap();
            }
        }
        let notes = a.put_object(ROOT, "notes", ObjType::List).unwrap();
        let note = a.insert_object(&notes, 0, ObjType::Map).unwrap();
        a.put(
            &note,
            "text",
            "更换电源板后复测：零点漂移恢复正常，已向客户演示操作流程。".repeat(4),
        )
        .unwrap();
        a.put(&note, "author", "office").unwrap();
        a.commit();
        (a, b, sa, sb)
    }

    #[test]
    fn a_change_sent_compressed_is_smaller_and_arrives_whole() {
        let (mut a, mut b, mut sa, mut sb) = peers_after_a_note();
        // A's next message carries the note's change (B's heads are known).
        let mut sent = None;
        for _ in 0..4 {
            let Some(m) = a.sync().generate_sync_message(&mut sa) else {
                break;
            };
            let plain = m.clone().encode();
            let compact = encode(m.clone());
            if m.changes.iter().next().is_some() {
                sent = Some((plain.len(), compact.len()));
            }
            b.sync()
                .receive_sync_message(&mut sb, Message::decode(&compact).unwrap())
                .unwrap();
            if let Some(m) = b.sync().generate_sync_message(&mut sb) {
                a.sync().receive_sync_message(&mut sa, m).unwrap();
            }
        }
        let (plain, compact) = sent.expect("the change was sent");
        assert!(compact < plain, "{compact} B compressed against {plain} B");
        assert_eq!(b.get_heads(), a.get_heads(), "B holds the note");
        assert_eq!(b.save(), a.save());
    }

    #[test]
    fn a_message_without_changes_or_with_a_whole_document_is_unchanged() {
        let (mut a, _, _, _) = peers_after_a_note();
        let whole = Message {
            heads: a.get_heads(),
            need: Vec::new(),
            have: Vec::new(),
            changes: a.clone().save().into(),
            flags: None,
            version: automerge::sync::MessageVersion::V2,
        };
        assert_eq!(encode(whole.clone()), whole.encode());
        let mut sa = State::new();
        let first = a.sync().generate_sync_message(&mut sa).unwrap();
        assert_eq!(encode(first.clone()), first.encode());
    }
}

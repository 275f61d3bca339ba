//! Refuses an incoming sync message whose "have" bloom filters Automerge
//! (0.12) would choke on when it answers: a filter with entries but no
//! bits makes `generate_sync_message` divide by zero (a panic), and one
//! with a huge probe count makes it allocate and loop without bound (the
//! process runs out of memory; no `catch_unwind` helps). Automerge writes
//! 10 bits per entry and 7 probes; anything outside sane bounds is not a
//! message from an Automerge peer. Found by the fuzz target `sync_apply`.
//!
//! The filter's header is three LEB128 numbers (entries, bits per entry,
//! probes) before the bits, as `BloomFilter::to_bytes` writes them.

use automerge::sync::Message;

/// The most probes per hash accepted (Automerge uses 7).
pub const MAX_PROBES: u32 = 64;
/// The most bits per entry accepted (Automerge uses 10).
pub const MAX_BITS_PER_ENTRY: u32 = 64;

/// `Err` with the reason when a `have` entry's bloom filter is outside the
/// bounds above.
pub fn check(message: &Message) -> Result<(), String> {
    for have in &message.have {
        let bytes = have.bloom.to_bytes();
        let mut rest = bytes.as_slice();
        let (Some(entries), Some(bits), Some(probes)) = (
            leb128_u32(&mut rest),
            leb128_u32(&mut rest),
            leb128_u32(&mut rest),
        ) else {
            // An empty filter (no entries) writes no header at all.
            continue;
        };
        if entries > 0 && (bits == 0 || rest.is_empty()) {
            return Err("a bloom filter with entries but no bits".into());
        }
        if bits > MAX_BITS_PER_ENTRY || probes > MAX_PROBES {
            return Err(format!(
                "a bloom filter with {bits} bits per entry and {probes} probes"
            ));
        }
    }
    Ok(())
}

/// Reads one unsigned LEB128 number that fits a `u32`.
fn leb128_u32(input: &mut &[u8]) -> Option<u32> {
    let mut value: u64 = 0;
    for shift in (0..35).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return u32::try_from(value).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::sync::{State, SyncDoc};
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    /// A message that says what it has: a bloom filter of one change.
    fn message_with_a_filter() -> Message {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "kind", "wo").unwrap();
        doc.commit();
        let mut peer = AutoCommit::new();
        let mut state = State::new();
        let first = doc.sync().generate_sync_message(&mut state).unwrap();
        let mut theirs = State::new();
        peer.sync()
            .receive_sync_message(&mut theirs, first)
            .unwrap();
        let answer = peer.sync().generate_sync_message(&mut theirs).unwrap();
        doc.sync().receive_sync_message(&mut state, answer).unwrap();
        doc.put(ROOT, "v", 1).unwrap();
        doc.commit();
        let message = doc.sync().generate_sync_message(&mut state).unwrap();
        message
    }

    /// The message with its first filter's header replaced.
    fn with_header(entries: u8, bits: u8, probes: u8, body: &[u8]) -> Message {
        let mut m = message_with_a_filter();
        let mut bytes = vec![entries, bits, probes];
        bytes.extend_from_slice(body);
        m.have = vec![automerge::sync::Have {
            last_sync: Vec::new(),
            bloom: automerge::sync::BloomFilter::try_from(&bytes[..]).unwrap(),
        }];
        m
    }

    #[test]
    fn messages_from_automerge_pass() {
        assert_eq!(check(&message_with_a_filter()), Ok(()));
        assert_eq!(check(&with_header(1, 10, 7, &[0, 0])), Ok(()));
    }

    #[test]
    fn a_filter_with_no_bits_or_too_many_probes_is_refused() {
        assert!(check(&with_header(1, 0, 7, &[])).is_err());
        assert!(check(&with_header(1, 10, 0x7f, &[0, 0])).is_err());
    }
}

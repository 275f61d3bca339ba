//! A change that arrives without a change it depends on (the device's
//! Bloom filter check said the server had it): the server cannot apply it
//! and does not keep it, so it must make the device send both again.
//! Regression test for the livelock the simulation found (seed 5, "sync
//! did not finish after 1000 round trips"): the server kept asking for the
//! dropped change and the device, counting it as sent, never resent it.

use automerge::sync::{Message, MessageFlags};

use super::*;

#[tokio::test]
async fn a_change_sent_without_its_dependency_is_asked_for_until_both_arrive() {
    let (s, _office, mut yang, wo) = yang_holds_an_order().await;
    let id = wo.id.to_string();
    yang.edit_wo(&id, |w| w.service.work_done = "更换进样针".into());
    let first = yang.docs.get_mut(&id).unwrap().get_heads();
    yang.edit_wo(&id, |w| w.service.labour_minutes = 90);
    let heads = yang.docs.get_mut(&id).unwrap().get_heads();

    // The device believes the first change already went out (as after a
    // false positive of the server's Bloom filter): only the second goes.
    let mut state = State::decode(&yang.saved_states[&id]).unwrap();
    state.sent_hashes.extend(first.iter().copied());
    let mut round_trips = 0;
    let mut reset_seen = false;
    loop {
        let doc = yang.docs.get_mut(&id).unwrap();
        let Some(msg) = doc.sync().generate_sync_message(&mut state) else {
            break;
        };
        round_trips += 1;
        assert!(round_trips <= 6, "the exchange does not settle");
        let reply = match yang.send_one(&id, &msg).await {
            Some(DocReply::Msg(m)) => Some(m),
            Some(DocReply::Error { id, error }) => panic!("{id} refused: {error:?}"),
            None => None,
        };
        let Some(reply) = reply else { break };
        let reply = Message::decode(&reply.msg).unwrap();
        reset_seen |= reply
            .flags
            .is_some_and(|f| f.contains(MessageFlags::SYNC_RESET));
        let doc = yang.docs.get_mut(&id).unwrap();
        doc.sync().receive_sync_message(&mut state, reply).unwrap();
    }

    assert!(reset_seen, "the server told the device to send again");
    assert_eq!(
        s.heads(&id).unwrap(),
        heads,
        "the server holds both changes"
    );
    let stored = s.work_order(&id);
    assert_eq!(
        (
            stored.service.work_done.as_str(),
            stored.service.labour_minutes
        ),
        ("更换进样针", 90)
    );
    s.stop().await;
}

//! A long sync's progress: a response that says `more` also says how many
//! documents still wait after its cursor (`remaining`), counted over the
//! same feed the batches come from, per role — on both engines.

use onsite_core::rules::state::Role;
use onsite_core::sync::protocol::{self, SyncRequest, SyncResponse};
use onsite_sync_server::Limits;
use onsite_test_support::TestServer;

/// Follows the feed from `cursor: null` without answering any message:
/// each response's number of documents and its `remaining`.
async fn feed(s: &TestServer, token: &str) -> Vec<(usize, Option<u64>)> {
    let mut cursor = None;
    let mut out = Vec::new();
    loop {
        let req = SyncRequest {
            cursor: cursor.take(),
            docs: vec![],
            device_time: None,
        };
        let (status, body) = s
            .post("/v1/sync", Some(token), protocol::encode(&req).unwrap())
            .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let resp: SyncResponse = protocol::decode(&body).unwrap();
        out.push((resp.docs.len(), resp.remaining));
        if !resp.more {
            return out;
        }
        cursor = Some(resp.cursor);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batched_sync_says_how_many_documents_remain() {
    let s = TestServer::options()
        .limits(Limits {
            batch_docs: 10,
            ..Limits::default()
        })
        .start()
        .await;
    s.seed_parts(35);
    for (user, role) in [("office", Role::Office), ("eng", Role::Engineer)] {
        let dev = s.raw_device(user, role);
        let batches = feed(&s, &dev.token).await;
        let total: usize = batches.iter().map(|(n, _)| n).sum();
        assert!(total >= 35, "{user}: {batches:?}");
        assert!(batches.len() >= 4, "{user}: {batches:?}");
        let mut sent = 0;
        for (i, (n, remaining)) in batches.iter().enumerate() {
            sent += n;
            if i + 1 < batches.len() {
                assert_eq!(
                    *remaining,
                    Some((total - sent) as u64),
                    "{user}, batch {i}: {batches:?}"
                );
            } else {
                assert_eq!(*remaining, None, "the last batch says nothing");
            }
        }
    }
    s.stop().await;
}

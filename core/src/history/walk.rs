//! A document's changes in causal order, and which of them saw which.
//!
//! The changes come from `get_changes_meta(&[])` and are sorted so that
//! every change comes after its dependencies (Kahn's algorithm); among the
//! changes ready at the same time the order is by timestamp, then actor,
//! then sequence number, so two devices list the same history the same
//! way. Each change carries a vector clock (per actor, the highest
//! sequence number among its ancestors and itself): a document has few
//! actors, so "did `b` see `a`" is one lookup.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use automerge::{AutoCommit, ChangeHash};

/// One change of the document, in causal order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Its position in causal order, from 1.
    pub number: u32,
    /// The change hash.
    pub hash: ChangeHash,
    /// The changes it was made on.
    pub deps: Vec<ChangeHash>,
    /// The writer's actor, hex.
    pub actor: String,
    /// The actor's sequence number of this change.
    pub seq: u64,
    /// The change's timestamp as written (milliseconds, or seconds for old
    /// server changes; 0: unknown).
    pub timestamp: i64,
    /// Index of `actor` in [`Walk::actors`].
    actor_index: usize,
    /// Per actor (by index), the highest seq this change has seen
    /// (itself included).
    clock: Vec<u64>,
}

/// The changes of one document in causal order.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// The changes, oldest first.
    pub steps: Vec<Step>,
    /// Every actor that wrote a change, hex.
    pub actors: Vec<String>,
    by_hash: HashMap<ChangeHash, usize>,
}

/// The sort key among changes ready at the same time.
type ReadyKey = (i64, String, u64, ChangeHash);

impl Walk {
    /// Walks every change of `doc`.
    pub fn of(doc: &mut AutoCommit) -> Walk {
        let metas: Vec<(ChangeHash, Vec<ChangeHash>, String, u64, i64)> = doc
            .get_changes_meta(&[])
            .into_iter()
            .map(|m| (m.hash, m.deps, m.actor.to_hex_string(), m.seq, m.timestamp))
            .collect();
        let index: HashMap<ChangeHash, usize> =
            metas.iter().enumerate().map(|(i, m)| (m.0, i)).collect();
        let mut actors: Vec<String> = metas.iter().map(|m| m.2.clone()).collect();
        actors.sort();
        actors.dedup();
        let actor_index: HashMap<&str, usize> = actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.as_str(), i))
            .collect();

        // Kahn: count unmet deps (deps outside the document count as met).
        let mut waiting: Vec<usize> = vec![0; metas.len()];
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); metas.len()];
        for (i, m) in metas.iter().enumerate() {
            for d in &m.1 {
                if let Some(&p) = index.get(d) {
                    waiting[i] += 1;
                    children[p].push(i);
                }
            }
        }
        let key = |i: usize| -> Reverse<(ReadyKey, usize)> {
            let m = &metas[i];
            Reverse(((m.4, m.2.clone(), m.3, m.0), i))
        };
        let mut ready: BinaryHeap<Reverse<(ReadyKey, usize)>> = waiting
            .iter()
            .enumerate()
            .filter(|(_, w)| **w == 0)
            .map(|(i, _)| key(i))
            .collect();
        let mut walk = Walk {
            steps: Vec::with_capacity(metas.len()),
            actors: actors.clone(),
            by_hash: HashMap::with_capacity(metas.len()),
        };
        while let Some(Reverse((_, i))) = ready.pop() {
            let (hash, deps, actor, seq, timestamp) = metas[i].clone();
            let a = actor_index[actor.as_str()];
            let mut clock = vec![0u64; actors.len()];
            for d in &deps {
                if let Some(&p) = walk.by_hash.get(d) {
                    for (c, s) in clock.iter_mut().zip(&walk.steps[p].clock) {
                        *c = (*c).max(*s);
                    }
                }
            }
            clock[a] = clock[a].max(seq);
            walk.by_hash.insert(hash, walk.steps.len());
            walk.steps.push(Step {
                number: walk.steps.len() as u32 + 1,
                hash,
                deps,
                actor,
                seq,
                timestamp,
                actor_index: a,
                clock,
            });
            for &c in &children[i] {
                waiting[c] -= 1;
                if waiting[c] == 0 {
                    ready.push(key(c));
                }
            }
        }
        walk
    }

    /// The change with hash `hash`.
    pub fn step(&self, hash: &ChangeHash) -> Option<&Step> {
        self.by_hash.get(hash).map(|&i| &self.steps[i])
    }

    /// Whether change `a` is `b` or one of the changes `b` was made on
    /// (directly or not). `false` when either is not in the document.
    pub fn is_ancestor_or_self(&self, a: &ChangeHash, b: &ChangeHash) -> bool {
        match (self.step(a), self.step(b)) {
            (Some(a), Some(b)) => b.clock[a.actor_index] >= a.seq,
            _ => false,
        }
    }

    /// Whether neither of `a` and `b` saw the other (and they differ).
    pub fn concurrent(&self, a: &ChangeHash, b: &ChangeHash) -> bool {
        a != b && !self.is_ancestor_or_self(a, b) && !self.is_ancestor_or_self(b, a)
    }
}

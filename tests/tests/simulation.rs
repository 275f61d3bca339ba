//! The seeded many-device simulation (`onsite_tests::sim`): a few seeds
//! with short schedules, in seconds. A failure names its seed; replay it
//! with `ONSITE_SIM_SEED=<n> [ONSITE_SIM_STEPS=<n>] cargo test -p
//! onsite-tests --test simulation`. `make reliability` runs many seeds
//! with long schedules. `ONSITE_SIM_REASSIGN=1` lets the office reassign
//! orders too (fails today: see `docs/reliability.md`).

use onsite_tests::sim::{run, SimConfig};

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}"))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seven_devices_with_random_partitions_agree_and_lose_nothing() {
    let steps = env_u64("ONSITE_SIM_STEPS").unwrap_or(200) as usize;
    let seeds: Vec<u64> = match env_u64("ONSITE_SIM_SEED") {
        Some(seed) => vec![seed],
        None => vec![1, 2, 3],
    };
    for seed in seeds {
        let reassign = std::env::var("ONSITE_SIM_REASSIGN").is_ok_and(|v| v == "1");
        match run(&SimConfig {
            seed,
            steps,
            reassign,
        })
        .await
        {
            Ok(report) => println!("seed {seed}: {}", report.summary()),
            Err(e) => panic!("{e}"),
        }
    }
}

/// What a seed's run did, without its timing.
fn counters(r: &onsite_tests::sim::SimReport) -> [usize; 10] {
    [
        r.edits,
        r.refused_locally,
        r.orders,
        r.signed,
        r.pickups,
        r.syncs,
        r.cut,
        r.partitions,
        r.settle_rounds,
        r.docs,
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seed_replays_the_same_schedule() {
    let cfg = SimConfig {
        seed: 7,
        steps: 120,
        reassign: false,
    };
    let first = run(&cfg).await.unwrap_or_else(|e| panic!("{e}"));
    let again = run(&cfg).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        counters(&first),
        counters(&again),
        "seed 7 ran differently twice"
    );
}

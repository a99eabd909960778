//! `HistoryStore`: customer histories in memory, for services that keep no database.

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::{Assessment, CustomerHistory, Difficulty, HistoryConfig, Timestamp};

/// The store is split into up to this many independently locked shards: enough that a
/// few dozen threads rarely wait on each other, few enough to stay small when empty.
pub const STORE_SHARDS: usize = 16;

/// Customer histories in memory, keyed by customer id, safe to share across threads.
///
/// The store holds at most `capacity` customers. It is split into shards, each with its own
/// lock and an equal share of the capacity (a store with capacity below [`STORE_SHARDS`]
/// has one shard per customer slot).
///
/// # Eviction
///
/// When a new customer arrives at a full shard, the customer of that shard **updated least
/// recently** is dropped: the one whose last `record` or `insert` came earliest, counted in
/// calls to the store (not in the caller's timestamps, so a wrong far-future time cannot
/// pin a customer in memory). Since each shard evicts on its own, the dropped customer is
/// the least recently updated of its shard, which is close to, but not always, the least
/// recently updated of the store. A dropped customer starts over as new: the only effect is
/// less history, never less care than a new customer gets.
///
/// # Example
///
/// ```
/// use sentiment_triage::{HistoryStore, Timestamp, Triage};
///
/// let store = HistoryStore::new(10_000);
/// let triage = Triage::new();
/// let at = Timestamp::from_unix_seconds(1_700_000_000.0)?;
/// let d = store.record("cust-42", &triage.analyze("where is my order?"), at);
/// println!("{} {:?}", d.level, d.reasons);
/// assert_eq!(store.len(), 1);
/// # Ok::<(), sentiment_triage::Error>(())
/// ```
#[derive(Debug)]
pub struct HistoryStore {
    shards: Vec<Mutex<Shard>>,
    shard_capacity: Vec<usize>,
    hasher: RandomState,
    tick: AtomicU64,
    config: HistoryConfig,
}

#[derive(Debug, Default)]
struct Shard {
    map: HashMap<String, (CustomerHistory, u64)>,
    by_update: BTreeMap<u64, String>,
}

impl Shard {
    /// Stores `history` for `id` with update stamp `tick`, evicting if full.
    fn put(&mut self, id: &str, history: CustomerHistory, tick: u64, capacity: usize) {
        if let Some((h, old)) = self.map.get_mut(id) {
            self.by_update.remove(old);
            *h = history;
            *old = tick;
        } else {
            while self.map.len() >= capacity {
                let Some((_, evicted)) = self.by_update.pop_first() else {
                    break;
                };
                self.map.remove(&evicted);
            }
            self.map.insert(id.to_string(), (history, tick));
        }
        self.by_update.insert(tick, id.to_string());
    }
}

impl HistoryStore {
    /// An empty store for at most `capacity` customers (at least 1), default configuration.
    pub fn new(capacity: usize) -> HistoryStore {
        HistoryStore::with_config(capacity, HistoryConfig::default())
    }

    /// An empty store for at most `capacity` customers (at least 1) using `config`.
    pub fn with_config(capacity: usize, config: HistoryConfig) -> HistoryStore {
        let capacity = capacity.max(1);
        let n = capacity.min(STORE_SHARDS);
        let shard_capacity = (0..n)
            .map(|i| capacity / n + usize::from(i < capacity % n))
            .collect();
        HistoryStore {
            shards: (0..n).map(|_| Mutex::new(Shard::default())).collect(),
            shard_capacity,
            hasher: RandomState::new(),
            tick: AtomicU64::new(0),
            config,
        }
    }

    /// The most customers the store holds.
    pub fn capacity(&self) -> usize {
        self.shard_capacity.iter().sum()
    }

    /// The configuration histories are recorded and judged with.
    pub fn config(&self) -> &HistoryConfig {
        &self.config
    }

    /// How many customers the store holds now.
    pub fn len(&self) -> usize {
        (0..self.shards.len()).map(|i| self.lock(i).map.len()).sum()
    }

    /// True when the store holds no customer.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn shard_of(&self, id: &str) -> usize {
        (self.hasher.hash_one(id) % self.shards.len() as u64) as usize
    }

    /// Locks a shard. A panic elsewhere while holding the lock cannot leave a history half
    /// written (every update is a plain assignment), so a poisoned lock is used as is.
    fn lock(&self, i: usize) -> MutexGuard<'_, Shard> {
        self.shards[i]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn next_tick(&self) -> u64 {
        self.tick.fetch_add(1, Ordering::Relaxed)
    }

    /// Folds one message of `customer` in and returns their difficulty as of `at` (or their
    /// latest record, if later). A new customer may evict another (see the type's docs).
    pub fn record(&self, customer: &str, assessment: &Assessment, at: Timestamp) -> Difficulty {
        let i = self.shard_of(customer);
        let mut shard = self.lock(i);
        let tick = self.next_tick();
        let mut history = shard
            .map
            .get(customer)
            .map_or_else(CustomerHistory::new, |(h, _)| h.clone());
        history.record_with(assessment, at, &self.config);
        let difficulty = history.difficulty_with(at, &self.config);
        shard.put(customer, history, tick, self.shard_capacity[i]);
        difficulty
    }

    /// The difficulty of `customer` at `now`; `none` for an unknown customer.
    pub fn difficulty(&self, customer: &str, now: Timestamp) -> Difficulty {
        let shard = self.lock(self.shard_of(customer));
        shard
            .map
            .get(customer)
            .map(|(h, _)| h.difficulty_with(now, &self.config))
            .unwrap_or_default()
    }

    /// A copy of the history of `customer`, if the store holds one.
    pub fn get(&self, customer: &str) -> Option<CustomerHistory> {
        let shard = self.lock(self.shard_of(customer));
        shard.map.get(customer).map(|(h, _)| h.clone())
    }

    /// Stores `history` for `customer`, replacing any, counting as an update.
    pub fn insert(&self, customer: &str, history: CustomerHistory) {
        let i = self.shard_of(customer);
        let mut shard = self.lock(i);
        let tick = self.next_tick();
        shard.put(customer, history, tick, self.shard_capacity[i]);
    }

    /// Forgets `customer` (the reset), returning the history it held.
    pub fn remove(&self, customer: &str) -> Option<CustomerHistory> {
        let mut shard = self.lock(self.shard_of(customer));
        let (h, tick) = shard.map.remove(customer)?;
        shard.by_update.remove(&tick);
        Some(h)
    }

    /// Every customer and history, sorted by customer id (for saving). Shards are copied one
    /// at a time, so records made meanwhile may or may not be included.
    pub fn snapshot(&self) -> BTreeMap<String, CustomerHistory> {
        let mut out = BTreeMap::new();
        for i in 0..self.shards.len() {
            let shard = self.lock(i);
            out.extend(shard.map.iter().map(|(k, (h, _))| (k.clone(), h.clone())));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: f64) -> Timestamp {
        Timestamp::from_unix_seconds(s).unwrap()
    }

    #[test]
    fn capacity_is_a_hard_bound_and_evicts_least_recently_updated() {
        for capacity in [1, 3, 16, 40] {
            let store = HistoryStore::new(capacity);
            assert_eq!(store.capacity(), capacity);
            for i in 0..200 {
                store.record(&format!("c{i}"), &Assessment::new(), at(f64::from(i)));
                assert!(store.len() <= capacity);
            }
            assert!(store.get("c199").is_some(), "the latest customer is kept");
        }
        let store = HistoryStore::new(1);
        store.record("a", &Assessment::new(), at(1.0));
        store.record("b", &Assessment::new(), at(0.0));
        assert!(store.get("a").is_none() && store.get("b").is_some());
    }

    #[test]
    fn updating_a_customer_keeps_them() {
        // Two customers per shard: touching one before each new arrival keeps it.
        let store = HistoryStore::new(2 * STORE_SHARDS);
        store.record("keep", &Assessment::new(), at(0.0));
        for i in 0..50 {
            store.record("keep", &Assessment::new(), at(f64::from(i)));
            store.record(&format!("n{i}"), &Assessment::new(), at(f64::from(i)));
        }
        assert_eq!(store.get("keep").unwrap().messages(), 51);
    }

    #[test]
    fn remove_resets_and_snapshot_is_sorted() {
        let store = HistoryStore::new(100);
        for id in ["b", "a", "c"] {
            store.record(id, &Assessment::new(), at(5.0));
        }
        assert!(store.remove("b").is_some());
        assert!(store.remove("b").is_none());
        let keys: Vec<String> = store.snapshot().into_keys().collect();
        assert_eq!(keys, ["a", "c"]);
        assert_eq!(store.difficulty("b", at(6.0)), Difficulty::default());
    }

    #[test]
    fn shared_across_threads() {
        let store = std::sync::Arc::new(HistoryStore::new(1000));
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let store = store.clone();
                std::thread::spawn(move || {
                    for i in 0..100 {
                        store.record(
                            &format!("c{}", i % 10),
                            &Assessment::new(),
                            at(f64::from(t * 100 + i)),
                        );
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let total: u64 = store
            .snapshot()
            .values()
            .map(CustomerHistory::messages)
            .sum();
        assert_eq!(total, 400);
    }
}

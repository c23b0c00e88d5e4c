//! The simulated org: batches, recipients, calls and the dialer that moves them along.
//!
//! Everything lives behind one mutex and is advanced by a single scheduler task that pops a
//! time-ordered queue, so a run of half a million calls costs a heap push/pop per step instead
//! of a task and a timer per call. Time is simulated: `speed` simulated seconds pass per real
//! second, and the scheduler sleeps exactly until the next thing is due.
//!
//! This module holds the `Sim` itself, its clock and its lookups; the parts live beside it:
//! `model` (the records), `dialer` (what moves them), `render` (their JSON) and `demo` (the
//! practice org).

mod demo;
mod dialer;
mod model;
mod render;

pub(crate) use model::{NewBatch, Rng};
pub(crate) use render::{fmt_time, fmt_time_ms, http_date};

use demo::{demo_org, Agent, PhoneNumber};
use dialer::Event;
use model::{Batch, Call, Phase, RecStatus, Recipient};
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::time::Instant;

/// Figures a test or benchmark reads back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SandboxStats {
    /// Most agent calls in flight at once across the org.
    pub max_in_flight_org: u32,
    /// Most agent calls in flight at once within any single batch.
    pub max_in_flight_batch: u32,
    /// Whether any batch ever had more calls in flight than its own limit.
    pub batch_limit_exceeded: bool,
    /// Create requests that made a batch.
    pub creates_accepted: u64,
    /// Calls handed to the dialer (pre-dial failures included).
    pub calls_dispatched: u64,
    /// Attempts that reached completed or failed.
    pub calls_finished: u64,
    /// Requests answered by fault injection, by kind.
    pub faults_429: u64,
    pub faults_500: u64,
    pub faults_503: u64,
    pub faults_hang: u64,
    pub faults_drop: u64,
    pub faults_lost_create: u64,
}

#[derive(Debug)]
pub(crate) struct Sim {
    pub(crate) rng: Rng,
    pub(crate) org_limit: u32,
    speed: f64,
    real_start: Instant,
    /// Simulated milliseconds since the epoch at `real_start`.
    sim_start_ms: i64,
    pub(crate) batches: Vec<Batch>,
    batch_index: HashMap<String, u32>,
    calls: Vec<Call>,
    call_index: HashMap<String, u32>,
    pub(crate) agents: Vec<Agent>,
    pub(crate) numbers: Vec<PhoneNumber>,
    events: BinaryHeap<Reverse<(i64, u64, Event)>>,
    seq: u64,
    reserved: u32,
    in_flight: u32,
    next_dial_ms: i64,
    /// The latest simulated time admission has looked at.
    admitted_through: i64,
    /// Round-robin position among running batches so they share the dialer.
    rr: usize,
    pub(crate) stats: SandboxStats,
}

impl Sim {
    /// A simulation whose clock reads this computer's time now.
    #[cfg(test)]
    pub(crate) fn new(seed: u64, org_limit: u32, speed: f64) -> Self {
        Self::starting_at(
            seed,
            org_limit,
            speed,
            chrono::Utc::now().timestamp_millis(),
        )
    }

    /// A simulation whose clock reads `now_ms` (simulated milliseconds since the epoch) now.
    pub(crate) fn starting_at(seed: u64, org_limit: u32, speed: f64, now_ms: i64) -> Self {
        let mut rng = Rng::new(seed);
        let (agents, numbers) = demo_org(&mut rng, now_ms);
        Sim {
            rng,
            org_limit: org_limit.max(1),
            speed: if speed.is_finite() && speed > 0.0 {
                speed
            } else {
                1.0
            },
            real_start: Instant::now(),
            sim_start_ms: now_ms,
            batches: Vec::new(),
            batch_index: HashMap::new(),
            calls: Vec::new(),
            call_index: HashMap::new(),
            agents,
            numbers,
            events: BinaryHeap::new(),
            seq: 0,
            reserved: 0,
            in_flight: 0,
            next_dial_ms: 0,
            admitted_through: 0,
            rr: 0,
            stats: SandboxStats::default(),
        }
    }

    pub(crate) fn now_ms(&self) -> i64 {
        let real = self.real_start.elapsed().as_secs_f64();
        self.sim_start_ms + (real * self.speed * 1000.0) as i64
    }

    /// Moves the simulated clock by `by_ms` (negative: back), as a server whose clock differs
    /// from the client's would be.
    pub(crate) fn shift_clock(&mut self, by_ms: i64) {
        self.sim_start_ms += by_ms;
    }

    /// Sets the simulated clock to `ms`; it runs on from there at the same speed.
    pub(crate) fn set_now(&mut self, ms: i64) {
        self.sim_start_ms = ms;
        self.real_start = Instant::now();
    }

    /// Simulated seconds per real second.
    pub(crate) fn speed(&self) -> f64 {
        self.speed
    }

    /// Changes the clock rate from now on, keeping simulated time continuous.
    pub(crate) fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() && speed > 0.0 {
            self.sim_start_ms = self.now_ms();
            self.real_start = Instant::now();
            self.speed = speed;
        }
    }

    /// Real time until simulated instant `ms`.
    pub(crate) fn real_wait(&self, ms: i64) -> std::time::Duration {
        let sim_ms = (ms - self.now_ms()).max(0) as f64;
        std::time::Duration::from_secs_f64((sim_ms / 1000.0 / self.speed).min(3600.0))
    }

    pub(crate) fn create(&mut self, req: NewBatch) -> Value {
        let now = self.now_ms();
        let id = self.rng.id("acb_");
        let mut recipients = Vec::with_capacity(req.recipients.len());
        for (to_number, metadata) in req.recipients {
            recipients.push(Recipient {
                id: self.rng.id("abcr_"),
                to_number,
                metadata,
                status: RecStatus::Queued,
                agent_call_id: None,
                end_reason: None,
                error_message: None,
                created_at: now,
            });
        }
        let mut counts = [0u32; 6];
        counts[RecStatus::Queued.idx()] = recipients.len() as u32;
        let batch = Batch {
            id: id.clone(),
            name: req.name,
            agent_id: req.agent_id,
            from_number_id: req.from_number_id,
            region: req.region,
            limit: req.limit,
            retry_count: 0,
            created_at: now,
            last_updated_at: now,
            scheduled_at: req.scheduled_at,
            admitted_at: None,
            cancelled: false,
            ringing_timeout: req.ringing_timeout,
            max_minutes: req.max_minutes,
            phase: Phase::Waiting,
            recipients,
            counts,
            predial_failed: 0,
            cursor: 0,
            in_flight: 0,
        };
        let idx = self.batches.len() as u32;
        self.batches.push(batch);
        self.batch_index.insert(id, idx);
        self.stats.creates_accepted += 1;
        self.batch_json(idx as usize, false)
    }

    pub(crate) fn batch_idx(&self, id: &str) -> Option<usize> {
        self.batch_index.get(id).map(|&i| i as usize)
    }

    /// Batches newest first, optionally for one agent.
    pub(crate) fn list_order(&self, agent_id: Option<&str>) -> Vec<usize> {
        (0..self.batches.len())
            .rev()
            .filter(|&i| agent_id.is_none_or(|a| self.batches[i].agent_id == a))
            .collect()
    }

    pub(crate) fn call_idx(&self, id: &str) -> Option<usize> {
        self.call_index.get(id).map(|&i| i as usize)
    }

    pub(crate) fn calls_of_batch(&self, batch: usize) -> Vec<usize> {
        // One entry per attempt; calls are stored in dispatch order, newest listed first.
        (0..self.calls.len())
            .rev()
            .filter(|&c| self.calls[c].batch as usize == batch)
            .collect()
    }

    pub(crate) fn calls_of_agent(&self, agent_id: &str) -> Vec<usize> {
        (0..self.calls.len())
            .rev()
            .filter(|&c| self.batches[self.calls[c].batch as usize].agent_id == agent_id)
            .collect()
    }

    pub(crate) fn call_id(&self, idx: usize) -> &str {
        &self.calls[idx].id
    }

    pub(crate) fn call_connected(&self, idx: usize) -> bool {
        self.calls[idx].start_time.is_some()
    }

    /// Length of a finished connected call in seconds, for the audio stub.
    pub(crate) fn call_seconds(&self, idx: usize) -> Option<f64> {
        let c = &self.calls[idx];
        match (c.start_time, c.end_time) {
            (Some(s), Some(e)) => Some((e - s) as f64 / 1000.0),
            _ => None,
        }
    }

    pub(crate) fn batch_id(&self, idx: usize) -> &str {
        &self.batches[idx].id
    }
}

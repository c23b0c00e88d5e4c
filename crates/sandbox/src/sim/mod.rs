//! The simulated org: batches, recipients, calls and the dialer that moves them along.
//!
//! Everything lives behind one mutex and is advanced by a single scheduler task that pops a
//! time-ordered queue, so a run of half a million calls costs a heap push/pop per step instead
//! of a task and a timer per call. Time is simulated: `speed` simulated seconds pass per real
//! second, and the scheduler sleeps exactly until the next thing is due.

use chrono::{DateTime, Duration as ChronoDuration, SecondsFormat, Utc};
use serde_json::{json, Map, Value};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::time::Instant;

/// Small deterministic PRNG (SplitMix64): outcomes must repeat for a given `--seed`, and the
/// dialer draws a few numbers per call, so it has to be cheap.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform integer in [lo, hi].
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
    pub(crate) fn id(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut s = String::with_capacity(prefix.len() + 22);
        s.push_str(prefix);
        let mut bits = self.next_u64();
        for i in 0..22 {
            if i == 11 {
                bits = self.next_u64();
            }
            s.push(ALPHABET[(bits % 62) as usize] as char);
            bits /= 62;
        }
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecStatus {
    Queued,
    Dispatched,
    Started,
    Completed,
    Failed,
    Cancelled,
}

impl RecStatus {
    fn as_str(self) -> &'static str {
        match self {
            RecStatus::Queued => "queued",
            RecStatus::Dispatched => "dispatched",
            RecStatus::Started => "started",
            RecStatus::Completed => "completed",
            RecStatus::Failed => "failed",
            RecStatus::Cancelled => "cancelled",
        }
    }
    fn idx(self) -> usize {
        self as usize
    }
}

#[derive(Debug)]
pub(crate) struct Recipient {
    id: String,
    to_number: String,
    metadata: Option<Value>,
    status: RecStatus,
    agent_call_id: Option<u32>,
    end_reason: Option<&'static str>,
    error_message: Option<&'static str>,
    created_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for `scheduled_at` or for org capacity.
    Waiting,
    /// Holds its reservation and dials.
    Running,
    /// Released its reservation (nothing queued, nothing in flight).
    Idle,
}

#[derive(Debug)]
pub(crate) struct Batch {
    id: String,
    name: String,
    agent_id: String,
    from_number_id: String,
    region: String,
    limit: u32,
    retry_count: u32,
    created_at: i64,
    last_updated_at: i64,
    scheduled_at: Option<i64>,
    admitted_at: Option<i64>,
    cancelled: bool,
    ringing_timeout: u32,
    max_minutes: u32,
    phase: Phase,
    recipients: Vec<Recipient>,
    /// Recipients per status, kept in step so lists never walk every recipient.
    counts: [u32; 6],
    /// Recipients whose latest attempt failed before dialing.
    predial_failed: u32,
    /// Position of the next queued recipient to look at (everything before it is not queued,
    /// except after a retry, which resets it).
    cursor: usize,
    in_flight: u32,
}

impl Batch {
    fn set_status(&mut self, i: usize, status: RecStatus) {
        let old = self.recipients[i].status;
        self.counts[old.idx()] -= 1;
        self.counts[status.idx()] += 1;
        self.recipients[i].status = status;
    }
    fn total(&self) -> u32 {
        self.recipients.len() as u32
    }
    fn dispatched(&self) -> u32 {
        self.total()
            - self.counts[RecStatus::Queued.idx()]
            - self.counts[RecStatus::Cancelled.idx()]
    }
    fn finished(&self) -> u32 {
        self.counts[RecStatus::Completed.idx()] + self.counts[RecStatus::Failed.idx()]
    }
    fn status(&self) -> &'static str {
        let dispatched = self.dispatched();
        if self.cancelled {
            "cancelled"
        } else if self.predial_failed == self.total() {
            "failed"
        } else if dispatched == 0 {
            "pending"
        } else if dispatched == self.total() {
            "completed"
        } else {
            "in_progress"
        }
    }
}

#[derive(Debug)]
pub(crate) struct Call {
    id: String,
    batch: u32,
    recipient: u32,
    status: &'static str,
    start_time: Option<i64>,
    end_time: Option<i64>,
    end_reason: Option<&'static str>,
    created_at: i64,
    /// Seed for the generated transcript, so it is stable across reads.
    seed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// The callee picked up, or ringing ended in busy / no answer.
    Ring { call: u32 },
    /// A connected call ended.
    Hangup { call: u32 },
}

/// Demo agents and phone numbers, seeded so the practice org always looks the same.
#[derive(Debug)]
pub(crate) struct Agent {
    pub(crate) id: String,
    pub(crate) name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) created_at: i64,
}

#[derive(Debug)]
pub(crate) struct PhoneNumber {
    pub(crate) id: String,
    pub(crate) label: &'static str,
    pub(crate) number: &'static str,
    pub(crate) agent: Option<usize>,
    pub(crate) provider: &'static str,
}

/// What a create request asks for, already validated.
#[derive(Debug)]
pub(crate) struct NewBatch {
    pub(crate) name: String,
    pub(crate) agent_id: String,
    pub(crate) from_number_id: String,
    pub(crate) region: String,
    pub(crate) limit: u32,
    pub(crate) scheduled_at: Option<i64>,
    pub(crate) ringing_timeout: u32,
    pub(crate) max_minutes: u32,
    pub(crate) recipients: Vec<(String, Option<Value>)>,
}

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
    /// Round-robin position among running batches so they share the dialer.
    rr: usize,
    pub(crate) stats: SandboxStats,
}

const DIAL_GAP_MS: i64 = 1000;

pub(crate) fn fmt_time(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An HTTP `Date` (IMF-fixdate).
pub(crate) fn http_date(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

pub(crate) fn fmt_time_ms(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Sim {
    pub(crate) fn new(seed: u64, org_limit: u32, speed: f64) -> Self {
        let mut rng = Rng::new(seed);
        let now_ms = Utc::now().timestamp_millis();
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

    pub(crate) fn batch_json(&self, idx: usize, with_recipients: bool) -> Value {
        let b = &self.batches[idx];
        let mut m = Map::new();
        m.insert("id".into(), json!(b.id));
        m.insert("name".into(), json!(b.name));
        m.insert("agent_id".into(), json!(b.agent_id));
        m.insert("from_number_id".into(), json!(b.from_number_id));
        m.insert("region".into(), json!(b.region));
        m.insert("target_concurrency_limit".into(), json!(b.limit));
        m.insert("status".into(), json!(b.status()));
        m.insert("total_calls_scheduled".into(), json!(b.total()));
        m.insert("total_calls_dispatched".into(), json!(b.dispatched()));
        m.insert("total_calls_finished".into(), json!(b.finished()));
        m.insert("retry_count".into(), json!(b.retry_count));
        m.insert("created_at".into(), json!(fmt_time(b.created_at)));
        m.insert("last_updated_at".into(), json!(fmt_time(b.last_updated_at)));
        if let Some(s) = b.scheduled_at {
            m.insert("scheduled_at".into(), json!(fmt_time(s)));
        }
        if let Some(a) = b.admitted_at {
            m.insert("admitted_at".into(), json!(fmt_time(a)));
        }
        if with_recipients {
            let list: Vec<Value> = b
                .recipients
                .iter()
                .map(|r| self.recipient_json(r))
                .collect();
            m.insert("recipients".into(), Value::Array(list));
        }
        Value::Object(m)
    }

    fn recipient_json(&self, r: &Recipient) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(r.id));
        m.insert("to_number".into(), json!(r.to_number));
        m.insert("status".into(), json!(r.status.as_str()));
        if let Some(c) = r.agent_call_id {
            m.insert("agent_call_id".into(), json!(self.calls[c as usize].id));
        }
        if let Some(e) = r.end_reason {
            m.insert("end_reason".into(), json!(e));
        }
        if let Some(e) = r.error_message {
            m.insert("error_message".into(), json!(e));
        }
        if let Some(md) = &r.metadata {
            m.insert("metadata".into(), md.clone());
        }
        m.insert("created_at".into(), json!(fmt_time(r.created_at)));
        Value::Object(m)
    }

    /// Batches newest first, optionally for one agent.
    pub(crate) fn list_order(&self, agent_id: Option<&str>) -> Vec<usize> {
        (0..self.batches.len())
            .rev()
            .filter(|&i| agent_id.is_none_or(|a| self.batches[i].agent_id == a))
            .collect()
    }

    pub(crate) fn cancel(&mut self, idx: usize) -> Value {
        let now = self.now_ms();
        let b = &mut self.batches[idx];
        if !b.cancelled {
            b.cancelled = true;
            b.last_updated_at = now;
            for i in 0..b.recipients.len() {
                if b.recipients[i].status == RecStatus::Queued {
                    b.set_status(i, RecStatus::Cancelled);
                    b.recipients[i].end_reason = Some("api_cancelled");
                }
            }
            self.settle(idx);
        }
        self.batch_json(idx, false)
    }

    /// Returns `None` when the batch is cancelled and cannot be retried.
    pub(crate) fn retry(&mut self, idx: usize) -> Option<Value> {
        let now = self.now_ms();
        let b = &mut self.batches[idx];
        if b.cancelled {
            return None;
        }
        let mut requeued = 0;
        for i in 0..b.recipients.len() {
            if b.recipients[i].status == RecStatus::Failed {
                if b.recipients[i].error_message.is_some() {
                    b.predial_failed -= 1;
                }
                b.set_status(i, RecStatus::Queued);
                let r = &mut b.recipients[i];
                r.agent_call_id = None;
                r.end_reason = None;
                r.error_message = None;
                requeued += 1;
            }
        }
        b.retry_count += 1;
        b.last_updated_at = now;
        if requeued > 0 {
            b.cursor = 0;
            if b.phase == Phase::Idle {
                b.phase = Phase::Waiting;
            }
        }
        Some(self.batch_json(idx, false))
    }

    /// Releases a running batch's reservation once it has nothing queued and nothing in flight.
    fn settle(&mut self, idx: usize) {
        let b = &mut self.batches[idx];
        let queued = b.counts[RecStatus::Queued.idx()];
        match b.phase {
            Phase::Running if queued == 0 && b.in_flight == 0 => {
                b.phase = Phase::Idle;
                self.reserved -= b.limit;
            }
            Phase::Waiting if queued == 0 && b.in_flight == 0 => b.phase = Phase::Idle,
            _ => {}
        }
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

    pub(crate) fn call_json(&self, idx: usize, with_transcript: bool) -> Value {
        let c = &self.calls[idx];
        let b = &self.batches[c.batch as usize];
        let r = &b.recipients[c.recipient as usize];
        let agent_name = self
            .agents
            .iter()
            .find(|a| a.id == b.agent_id)
            .map(|a| a.name)
            .unwrap_or("Agent");
        let from = self
            .numbers
            .iter()
            .find(|n| n.id == b.from_number_id)
            .map(|n| n.number)
            .unwrap_or("");
        let mut m = Map::new();
        m.insert("id".into(), json!(c.id));
        m.insert("agent_id".into(), json!(b.agent_id));
        m.insert("agent_name".into(), json!(agent_name));
        m.insert("status".into(), json!(c.status));
        m.insert("created_at".into(), json!(fmt_time(c.created_at)));
        m.insert("start_time".into(), json!(c.start_time.map(fmt_time_ms)));
        m.insert("end_time".into(), json!(c.end_time.map(fmt_time_ms)));
        m.insert("end_reason".into(), json!(c.end_reason));
        m.insert("error_message".into(), Value::Null);
        m.insert(
            "telephony_params".into(),
            json!({"to": r.to_number, "from": from, "direction": "outbound"}),
        );
        m.insert("metadata".into(), r.metadata.clone().unwrap_or(Value::Null));
        m.insert("batch_id".into(), json!(b.id));
        m.insert("zdr_enabled".into(), json!(false));
        let connected = c.start_time.is_some() && c.end_time.is_some();
        if with_transcript {
            let (transcript, summary) = if connected {
                transcript(agent_name, c)
            } else {
                (Value::Array(vec![]), Value::Null)
            };
            m.insert("transcript".into(), transcript);
            m.insert("summary".into(), summary);
        }
        Value::Object(m)
    }

    /// Length of a finished connected call in seconds, for the audio stub.
    pub(crate) fn call_seconds(&self, idx: usize) -> Option<f64> {
        let c = &self.calls[idx];
        match (c.start_time, c.end_time) {
            (Some(s), Some(e)) => Some((e - s) as f64 / 1000.0),
            _ => None,
        }
    }

    fn push(&mut self, at: i64, ev: Event) {
        self.seq += 1;
        self.events.push(Reverse((at, self.seq, ev)));
    }

    /// Advances the simulation to now and says when it next needs to run (simulated ms).
    pub(crate) fn step(&mut self) -> Option<i64> {
        let now = self.now_ms();
        loop {
            // Process events in time order, interleaving dials at their paced slots so a run
            // far behind real time (high speed) replays the same history as a slow one.
            let next_event = self.events.peek().map(|Reverse((t, _, _))| *t);
            self.admit(now.min(next_event.unwrap_or(now)));
            let dial_at = if self.has_dialable() {
                Some(self.next_dial_ms)
            } else {
                None
            };
            match (next_event, dial_at) {
                (Some(t), d) if t <= now && d.is_none_or(|d| t <= d) => {
                    if let Some(Reverse((t, _, ev))) = self.events.pop() {
                        self.handle(t, ev);
                    }
                }
                (_, Some(d)) if d <= now => {
                    self.admit(d);
                    self.dial(d);
                }
                _ => break,
            }
        }
        self.admit(now);
        let mut next: Option<i64> = self.events.peek().map(|Reverse((t, _, _))| *t);
        if self.has_dialable() {
            next = Some(next.map_or(self.next_dial_ms, |n| n.min(self.next_dial_ms)));
        }
        for b in &self.batches {
            if b.phase == Phase::Waiting {
                if let Some(s) = b.scheduled_at {
                    if s > now {
                        next = Some(next.map_or(s, |n| n.min(s)));
                    }
                }
            }
        }
        next
    }

    /// Admits due waiting batches, oldest first; a batch that doesn't fit blocks younger ones
    /// so a big batch is never starved by a stream of small ones.
    fn admit(&mut self, at: i64) {
        for idx in 0..self.batches.len() {
            let b = &self.batches[idx];
            if b.phase != Phase::Waiting || b.cancelled {
                continue;
            }
            if b.scheduled_at.is_some_and(|s| s > at) {
                continue;
            }
            if self.reserved + b.limit > self.org_limit {
                break;
            }
            self.reserved += b.limit;
            let b = &mut self.batches[idx];
            b.phase = Phase::Running;
            b.admitted_at.get_or_insert(at);
            b.last_updated_at = at;
            if self.next_dial_ms < at {
                self.next_dial_ms = at;
            }
        }
    }

    fn has_dialable(&self) -> bool {
        self.batches
            .iter()
            .any(|b| b.phase == Phase::Running && b.counts[0] > 0 && b.in_flight < b.limit)
    }

    fn dial(&mut self, at: i64) {
        self.next_dial_ms = at + DIAL_GAP_MS;
        let n = self.batches.len();
        let mut chosen = None;
        for k in 0..n {
            let idx = (self.rr + k) % n;
            let b = &self.batches[idx];
            if b.phase == Phase::Running && b.counts[0] > 0 && b.in_flight < b.limit {
                chosen = Some(idx);
                break;
            }
        }
        let Some(idx) = chosen else { return };
        self.rr = idx + 1;
        let b = &mut self.batches[idx];
        let mut i = b.cursor;
        while i < b.recipients.len() && b.recipients[i].status != RecStatus::Queued {
            i += 1;
        }
        if i >= b.recipients.len() {
            return;
        }
        b.cursor = i + 1;
        b.last_updated_at = at;
        self.stats.calls_dispatched += 1;
        let number = b.recipients[i].to_number.clone();
        let roll = self.rng.unit();
        let predial = number.ends_with("0003") || (!is_test_number(&number) && roll < 0.02);
        if predial {
            let b = &mut self.batches[idx];
            b.set_status(i, RecStatus::Failed);
            b.predial_failed += 1;
            b.recipients[i].end_reason = Some("error");
            b.recipients[i].error_message = Some(if number.ends_with("0003") {
                "The number could not be dialed: the carrier rejected it before ringing."
            } else {
                "The call could not be placed: the phone network was unavailable."
            });
            self.stats.calls_finished += 1;
            self.settle(idx);
            return;
        }
        let call_id = self.rng.id("ac_");
        let seed = self.rng.next_u64();
        let call_idx = self.calls.len() as u32;
        self.calls.push(Call {
            id: call_id.clone(),
            batch: idx as u32,
            recipient: i as u32,
            status: "created",
            start_time: None,
            end_time: None,
            end_reason: None,
            created_at: at,
            seed,
        });
        self.call_index.insert(call_id, call_idx);
        let b = &mut self.batches[idx];
        b.set_status(i, RecStatus::Dispatched);
        b.recipients[i].agent_call_id = Some(call_idx);
        b.in_flight += 1;
        let ringing = b.ringing_timeout as i64;
        self.in_flight += 1;
        self.stats.max_in_flight_org = self.stats.max_in_flight_org.max(self.in_flight);
        self.stats.max_in_flight_batch = self.stats.max_in_flight_batch.max(b.in_flight);
        if b.in_flight > b.limit {
            self.stats.batch_limit_exceeded = true;
        }
        let ring_ms = if number.ends_with("0002") {
            ringing * 1000
        } else {
            self.rng.range(3_000, 15_000.min(ringing as u64 * 1000)) as i64
        };
        self.push(at + ring_ms, Event::Ring { call: call_idx });
    }

    fn handle(&mut self, at: i64, ev: Event) {
        match ev {
            Event::Ring { call } => {
                let (bi, ri) = {
                    let c = &self.calls[call as usize];
                    (c.batch as usize, c.recipient as usize)
                };
                let number = &self.batches[bi].recipients[ri].to_number;
                let outcome = if number.ends_with("0001") {
                    Some("dial_busy")
                } else if number.ends_with("0002") {
                    Some("dial_no_answer")
                } else {
                    let roll = self.rng.unit();
                    if is_test_number(number) {
                        None
                    } else if roll < 0.08 {
                        Some("dial_no_answer")
                    } else if roll < 0.12 {
                        Some("dial_busy")
                    } else if roll < 0.14 {
                        Some("dial_failed")
                    } else {
                        None
                    }
                };
                match outcome {
                    Some(reason) => self.finish(call, at, RecStatus::Failed, reason),
                    None => {
                        let max_ms = self.batches[bi].max_minutes as i64 * 60_000;
                        // Most conversations run one to three minutes; a few are short or long.
                        let secs = (self.rng.range(30, 150) + self.rng.range(0, 90)) as i64;
                        let dur = (secs * 1000).min(max_ms);
                        let c = &mut self.calls[call as usize];
                        c.status = "started";
                        c.start_time = Some(at);
                        self.batches[bi].set_status(ri, RecStatus::Started);
                        self.batches[bi].last_updated_at = at;
                        self.push(at + dur, Event::Hangup { call });
                    }
                }
            }
            Event::Hangup { call } => {
                let bi = self.calls[call as usize].batch as usize;
                let start = self.calls[call as usize].start_time.unwrap_or(at);
                let reason = if at - start >= self.batches[bi].max_minutes as i64 * 60_000 {
                    "max_duration"
                } else if self.rng.unit() < 0.7 {
                    "agent_hangup"
                } else {
                    "client_hangup"
                };
                self.finish(call, at, RecStatus::Completed, reason);
            }
        }
    }

    fn finish(&mut self, call: u32, at: i64, status: RecStatus, reason: &'static str) {
        let c = &mut self.calls[call as usize];
        c.status = if status == RecStatus::Completed {
            "completed"
        } else {
            "failed"
        };
        c.end_time = Some(at);
        c.end_reason = Some(reason);
        let (bi, ri) = (c.batch as usize, c.recipient as usize);
        let b = &mut self.batches[bi];
        b.set_status(ri, status);
        b.recipients[ri].end_reason = Some(reason);
        b.in_flight -= 1;
        b.last_updated_at = at;
        self.in_flight -= 1;
        self.stats.calls_finished += 1;
        self.settle(bi);
    }
}

/// The documented test numbers behave the same every time, whatever the seed.
fn is_test_number(n: &str) -> bool {
    n.ends_with("0001") || n.ends_with("0002") || n.ends_with("0003")
}

fn transcript(agent_name: &str, c: &Call) -> (Value, Value) {
    let mut rng = Rng::new(c.seed);
    let total = c
        .end_time
        .zip(c.start_time)
        .map(|(e, s)| (e - s) as f64 / 1000.0)
        .unwrap_or(60.0);
    let openers = [
        "Hi, this is an automated assistant calling on behalf of our office. Is now a good time?",
        "Hello! I'm calling with a quick reminder about your upcoming appointment.",
        "Good day, I'm calling to ask a few short questions about your recent visit.",
    ];
    let replies = [
        "Sure, go ahead.",
        "Yes, I have a minute.",
        "Oh, okay. What is this about?",
    ];
    let middles = [
        "Thanks. Your appointment is on Tuesday at 10 am. Would you like to keep it?",
        "On a scale of one to five, how satisfied were you with our service?",
        "I can help you reschedule if that time no longer works.",
    ];
    let answers = [
        "Yes, that works for me.",
        "I'd say a four, the staff was friendly.",
        "Could we move it to Thursday afternoon?",
    ];
    let pick = |rng: &mut Rng, n: usize| rng.range(0, n as u64 - 1) as usize;
    let lines = [
        ("assistant", openers[pick(&mut rng, 3)]),
        ("user", replies[pick(&mut rng, 3)]),
        ("assistant", middles[pick(&mut rng, 3)]),
        ("user", answers[pick(&mut rng, 3)]),
        ("assistant", "Thank you for your time. Have a great day!"),
    ];
    let step = total / lines.len() as f64;
    let turns: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (role, text))| {
            json!({
                "role": role,
                "text": text,
                "start_timestamp": (i as f64 * step * 10.0).round() / 10.0,
                "end_timestamp": ((i as f64 + 0.8) * step * 10.0).round() / 10.0,
            })
        })
        .collect();
    let summary = format!(
        "{agent_name} reached the recipient, delivered the message and the recipient responded: \"{}\"",
        lines[3].1
    );
    (Value::Array(turns), json!(summary))
}

fn demo_org(rng: &mut Rng, now_ms: i64) -> (Vec<Agent>, Vec<PhoneNumber>) {
    let created = now_ms - ChronoDuration::days(40).num_milliseconds();
    let specs = [
        (
            "Appointment reminder",
            "Reminds patients of tomorrow's appointment and offers to reschedule.",
        ),
        (
            "Customer survey",
            "Asks three short satisfaction questions after a store visit.",
        ),
        (
            "Payment reminder",
            "Politely reminds customers of an upcoming invoice due date.",
        ),
    ];
    let agents: Vec<Agent> = specs
        .iter()
        .enumerate()
        .map(|(i, (name, description))| Agent {
            id: rng.id("agent_"),
            name,
            description,
            created_at: created + i as i64 * 86_400_000,
        })
        .collect();
    let nums = [
        ("Front desk line", "+14155550142", Some(0), "cartesia"),
        ("Reminders (Oakland)", "+15105550178", Some(0), "cartesia"),
        ("Survey line", "+12125550163", Some(1), "twilio"),
        ("Billing line", "+13125550119", Some(2), "cartesia"),
        ("Spare number", "+16175550190", None, "cartesia"),
    ];
    let numbers = nums
        .iter()
        .map(|&(label, number, agent, provider)| PhoneNumber {
            id: rng.id("ap_"),
            label,
            number,
            agent,
            provider,
        })
        .collect();
    (agents, numbers)
}

impl Sim {
    pub(crate) fn batch_id(&self, idx: usize) -> &str {
        &self.batches[idx].id
    }
}

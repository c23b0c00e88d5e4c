//! The simulation's records: batches, their recipients, the calls made for them, and the
//! seeded generator that decides everything random.
//!
//! They are plain data kept apart from the dialer that changes them and the views that show
//! them, so each of those reads as what it does rather than as field plumbing.

use serde_json::Value;

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
    pub(super) fn as_str(self) -> &'static str {
        match self {
            RecStatus::Queued => "queued",
            RecStatus::Dispatched => "dispatched",
            RecStatus::Started => "started",
            RecStatus::Completed => "completed",
            RecStatus::Failed => "failed",
            RecStatus::Cancelled => "cancelled",
        }
    }
    pub(super) fn idx(self) -> usize {
        self as usize
    }
}

#[derive(Debug)]
pub(crate) struct Recipient {
    pub(super) id: String,
    pub(super) to_number: String,
    pub(super) metadata: Option<Value>,
    pub(super) status: RecStatus,
    pub(super) agent_call_id: Option<u32>,
    pub(super) end_reason: Option<&'static str>,
    pub(super) error_message: Option<&'static str>,
    pub(super) created_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// Waiting for `scheduled_at` or for org capacity.
    Waiting,
    /// Holds its reservation and dials.
    Running,
    /// Released its reservation (nothing queued, nothing in flight).
    Idle,
}

#[derive(Debug)]
pub(crate) struct Batch {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) agent_id: String,
    pub(super) from_number_id: String,
    pub(super) region: String,
    pub(super) limit: u32,
    pub(super) retry_count: u32,
    pub(super) created_at: i64,
    pub(super) last_updated_at: i64,
    pub(super) scheduled_at: Option<i64>,
    pub(super) admitted_at: Option<i64>,
    pub(super) cancelled: bool,
    pub(super) ringing_timeout: u32,
    pub(super) max_minutes: u32,
    pub(super) phase: Phase,
    pub(super) recipients: Vec<Recipient>,
    /// Recipients per status, kept in step so lists never walk every recipient.
    pub(super) counts: [u32; 6],
    /// Recipients whose latest attempt failed before dialing.
    pub(super) predial_failed: u32,
    /// Position of the next queued recipient to look at (everything before it is not queued,
    /// except after a retry, which resets it).
    pub(super) cursor: usize,
    pub(super) in_flight: u32,
}

impl Batch {
    pub(super) fn set_status(&mut self, i: usize, status: RecStatus) {
        let old = self.recipients[i].status;
        self.counts[old.idx()] -= 1;
        self.counts[status.idx()] += 1;
        self.recipients[i].status = status;
    }
    pub(super) fn total(&self) -> u32 {
        self.recipients.len() as u32
    }
    pub(super) fn dispatched(&self) -> u32 {
        self.total()
            - self.counts[RecStatus::Queued.idx()]
            - self.counts[RecStatus::Cancelled.idx()]
    }
    pub(super) fn finished(&self) -> u32 {
        self.counts[RecStatus::Completed.idx()] + self.counts[RecStatus::Failed.idx()]
    }
    pub(super) fn status(&self) -> &'static str {
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
    pub(super) id: String,
    pub(super) batch: u32,
    pub(super) recipient: u32,
    pub(super) status: &'static str,
    pub(super) start_time: Option<i64>,
    pub(super) end_time: Option<i64>,
    pub(super) end_reason: Option<&'static str>,
    pub(super) created_at: i64,
    /// Seed for the generated transcript, so it is stable across reads.
    pub(super) seed: u64,
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

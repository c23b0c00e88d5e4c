//! The dialer: admission against the org's concurrency limit, the time-ordered event queue,
//! paced dialing, call outcomes, and cancel / retry.
//!
//! It is the part whose rules a client depends on (a batch never exceeds its own limit, the
//! org never exceeds its limit, a scheduled batch waits, a cancel stops what has not been
//! dialed), so those rules are unit-tested here against the simulated clock.

use super::model::{Call, Phase, RecStatus};
use super::Sim;
use serde_json::Value;
use std::cmp::Reverse;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Event {
    /// The callee picked up, or ringing ended in busy / no answer.
    Ring { call: u32 },
    /// A connected call ended.
    Hangup { call: u32 },
}

const DIAL_GAP_MS: i64 = 1000;

impl Sim {
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

    fn push(&mut self, at: i64, ev: Event) {
        self.seq += 1;
        self.events.push(Reverse((at, self.seq, ev)));
    }

    /// Advances the simulation to now and says when it next needs to run (simulated ms).
    pub(crate) fn step(&mut self) -> Option<i64> {
        let now = self.now_ms();
        loop {
            // Process events in time order, interleaving dials at their paced slots and
            // admissions at their start times, so a run far behind real time (high speed, or a
            // clock set forward) replays the same history as a slow one.
            let next_event = self.events.peek().map(|Reverse((t, _, _))| *t);
            let due = self.next_start_due(now);
            self.admit(now.min(next_event.unwrap_or(now)).min(due.unwrap_or(now)));
            let dial_at = if self.has_dialable() {
                Some(self.next_dial_ms)
            } else {
                None
            };
            // Admission can only use up start times, never add one: with none due, none is.
            let due = due.and_then(|_| self.next_start_due(now));
            let before_due = |t: i64| due.is_none_or(|s| t <= s);
            match (next_event, dial_at) {
                (Some(t), d) if t <= now && d.is_none_or(|d| t <= d) && before_due(t) => {
                    if let Some(Reverse((t, _, ev))) = self.events.pop() {
                        self.handle(t, ev);
                    }
                }
                (_, Some(d)) if d <= now && before_due(d) => {
                    self.admit(d);
                    self.dial(d);
                }
                // A start time comes first: the next turn admits at it.
                _ if due.is_some() => {}
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

    /// The earliest start time, up to `now`, of a waiting batch that admission hasn't reached
    /// yet: the moment it may start, which a clock that jumped past it must not skip.
    fn next_start_due(&self, now: i64) -> Option<i64> {
        self.batches
            .iter()
            .filter(|b| b.phase == Phase::Waiting && !b.cancelled)
            .filter_map(|b| b.scheduled_at)
            .filter(|&s| s > self.admitted_through && s <= now)
            .min()
    }

    /// Admits due waiting batches, oldest first; a batch that doesn't fit blocks younger ones
    /// so a big batch is never starved by a stream of small ones.
    fn admit(&mut self, at: i64) {
        self.admitted_through = self.admitted_through.max(at);
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
                        // A machine's greeting and the agent's message are over in half a minute.
                        let secs = if reaches_machine(number) { 25 } else { secs };
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
                let ri = self.calls[call as usize].recipient as usize;
                let machine = reaches_machine(&self.batches[bi].recipients[ri].to_number);
                let reason = if at - start >= self.batches[bi].max_minutes as i64 * 60_000 {
                    "max_duration"
                } else if self.rng.unit() < 0.7 || machine {
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
        // The line this call held is free from `at`, not before: a call waiting for it is dialed
        // then, even when the pacing slot passed while every line was busy.
        if self.next_dial_ms < at {
            self.next_dial_ms = at;
        }
        self.stats.calls_finished += 1;
        self.settle(bi);
    }
}

/// The documented test numbers behave the same every time, whatever the seed.
fn is_test_number(n: &str) -> bool {
    n.ends_with("0001")
        || n.ends_with("0002")
        || n.ends_with("0003")
        || reaches_machine(n)
        || opts_out(n)
}

/// The test number whose recipient answers and asks not to be called again (its transcript
/// says "take me off your list"); the call itself goes like any other.
pub(crate) fn opts_out(n: &str) -> bool {
    n.ends_with("0005")
}

/// The test number an answering machine picks up: Cartesia reports such a call as answered
/// (`completed`, `agent_hangup`); only its transcript tells.
pub(crate) fn reaches_machine(n: &str) -> bool {
    n.ends_with("0004")
}

#[cfg(test)]
mod tests {
    use super::super::NewBatch;
    use super::*;

    /// A simulation whose own clock all but stands still (a real second is a microsecond of
    /// simulated time), so only `shift_clock` moves it and a run is the same every time.
    fn still_sim(org_limit: u32) -> Sim {
        Sim::new(7, org_limit, 1e-6)
    }

    fn new_batch(sim: &Sim, recipients: usize, limit: u32, scheduled_at: Option<i64>) -> NewBatch {
        NewBatch {
            name: format!("{recipients} at {limit}"),
            agent_id: sim.agents[0].id.clone(),
            from_number_id: sim.numbers[0].id.clone(),
            region: "US".into(),
            limit,
            scheduled_at,
            ringing_timeout: 30,
            max_minutes: 5,
            // Ordinary numbers (none ends in a documented test suffix), so outcomes are drawn.
            recipients: (0..recipients)
                .map(|i| (format!("+1415555{:04}", 1000 + i), None))
                .collect(),
        }
    }

    fn create(sim: &mut Sim, recipients: usize, limit: u32, scheduled_at: Option<i64>) -> usize {
        let req = new_batch(sim, recipients, limit, scheduled_at);
        let id = sim.create(req)["id"].as_str().unwrap().to_string();
        sim.batch_idx(&id).unwrap()
    }

    /// Moves simulated time forward by `ms` and lets the dialer catch up.
    fn advance(sim: &mut Sim, ms: i64) {
        sim.shift_clock(ms);
        sim.step();
    }

    fn assert_within_limits(sim: &Sim) {
        let mut total = 0;
        for b in &sim.batches {
            assert!(
                b.in_flight <= b.limit,
                "batch {} has {} in flight",
                b.limit,
                b.in_flight
            );
            total += b.in_flight;
        }
        assert_eq!(total, sim.in_flight);
        assert!(
            sim.in_flight <= sim.org_limit,
            "org has {} in flight",
            sim.in_flight
        );
        assert!(
            sim.reserved <= sim.org_limit,
            "org reserved {}",
            sim.reserved
        );
    }

    fn all_done(sim: &Sim) -> bool {
        sim.batches
            .iter()
            .all(|b| b.counts[RecStatus::Queued.idx()] == 0 && b.in_flight == 0)
    }

    #[test]
    fn batch_and_org_limits_hold_while_time_runs() {
        let mut sim = still_sim(5);
        // 3 + 2 fill the org; the 4 and the 1 wait for room, oldest first.
        for (recipients, limit) in [(40, 3), (30, 2), (20, 4), (10, 1)] {
            create(&mut sim, recipients, limit, None);
        }
        // Uneven jumps, so some steps replay many events at once as a fast clock would.
        let jumps = [250, 1_000, 7_000, 60_000];
        let mut k = 0;
        while !all_done(&sim) {
            assert!(k < 20_000, "the batches did not finish");
            advance(&mut sim, jumps[k % jumps.len()]);
            assert_within_limits(&sim);
            k += 1;
        }
        assert!(!sim.stats.batch_limit_exceeded);
        assert_eq!(
            sim.stats.max_in_flight_org, 5,
            "the org limit was never reached"
        );
        assert_eq!(sim.stats.max_in_flight_batch, 4);
        assert_eq!(sim.stats.calls_dispatched, 100);
        assert_eq!(sim.stats.calls_finished, 100);
        assert_eq!(sim.reserved, 0);
        assert!(sim.batches.iter().all(|b| b.phase == Phase::Idle));
    }

    #[test]
    fn scheduled_batch_waits_for_its_time() {
        let mut sim = still_sim(4);
        let at = sim.now_ms() + 10 * 60_000;
        let idx = create(&mut sim, 5, 2, Some(at));
        assert_eq!(
            sim.step(),
            Some(at),
            "the dialer should next wake at the schedule"
        );
        while sim.now_ms() + 30_000 < at {
            advance(&mut sim, 30_000);
        }
        let just_before = at - 1 - sim.now_ms();
        advance(&mut sim, just_before);
        let b = &sim.batches[idx];
        assert_eq!(sim.stats.calls_dispatched, 0);
        assert_eq!(b.admitted_at, None);
        assert_eq!(b.counts[RecStatus::Queued.idx()], 5);
        assert_eq!(b.status(), "pending");

        advance(&mut sim, 1_000);
        let b = &sim.batches[idx];
        assert!(b.admitted_at.is_some_and(|a| a >= at));
        assert!(sim.stats.calls_dispatched >= 1);
        assert!(sim.calls.iter().all(|c| c.created_at >= at));
    }

    #[test]
    fn a_clock_set_far_past_a_start_time_starts_the_batch_at_that_time() {
        let mut sim = still_sim(4);
        let at = sim.now_ms() + 3 * 3_600_000;
        let later = at + 4 * 3_600_000;
        let idx = create(&mut sim, 3, 3, Some(at));
        let waiting = create(&mut sim, 2, 1, Some(later));
        sim.set_now(at + 90 * 60_000);
        sim.step();
        let b = &sim.batches[idx];
        assert_eq!(b.admitted_at, Some(at), "admitted when its time came");
        let first_call = sim.calls.iter().map(|c| c.created_at).min();
        assert_eq!(first_call, Some(at), "dialing began at the start time");
        assert_eq!(sim.batches[waiting].admitted_at, None, "not due yet");
        sim.set_now(later + 1);
        sim.step();
        assert_eq!(sim.batches[waiting].admitted_at, Some(later));
    }

    #[test]
    fn a_call_waiting_for_a_line_is_dialed_when_the_line_frees_not_before() {
        let mut sim = still_sim(4);
        // Numbers ending 0002 ring for the whole ringing time: 30 s each, one line.
        let mut req = new_batch(&sim, 4, 1, None);
        req.recipients = (0..4)
            .map(|i| (format!("+1212{}0002", 201 + i), None))
            .collect();
        sim.create(req);
        // Far behind, then caught up at once (as a fast clock is): the calls stay one after
        // another.
        for _ in 0..10 {
            advance(&mut sim, 60_000);
        }
        let mut calls: Vec<(i64, i64)> = sim
            .calls
            .iter()
            .map(|c| (c.created_at, c.end_time.unwrap_or(i64::MAX)))
            .collect();
        calls.sort_unstable();
        assert_eq!(calls.len(), 4);
        for w in calls.windows(2) {
            assert!(
                w[1].0 >= w[0].1,
                "a call was dialed at {} while the only line was busy until {}",
                w[1].0,
                w[0].1
            );
        }
    }

    #[test]
    fn cancel_stops_undialed_calls_and_frees_the_org() {
        let mut sim = still_sim(2);
        let a = create(&mut sim, 30, 2, None);
        let b = create(&mut sim, 3, 2, None);
        for _ in 0..20 {
            advance(&mut sim, 1_000);
        }
        let dispatched = sim.batches[a].dispatched();
        assert!((1..30).contains(&dispatched), "{dispatched} dispatched");
        assert_eq!(
            sim.batches[b].admitted_at, None,
            "b waits while a holds the org"
        );

        sim.cancel(a);
        // b has made no calls yet, so every call so far is a's.
        let a_calls = sim.calls.len();
        let cancelled = sim.batches[a].counts[RecStatus::Cancelled.idx()];
        assert_eq!(cancelled, 30 - dispatched);
        assert!(sim.batches[a]
            .recipients
            .iter()
            .filter(|r| r.status == RecStatus::Cancelled)
            .all(|r| r.end_reason == Some("api_cancelled") && r.agent_call_id.is_none()));
        assert_eq!(sim.batches[a].status(), "cancelled");
        assert!(
            sim.retry(a).is_none(),
            "a cancelled batch cannot be retried"
        );

        for _ in 0..720 {
            advance(&mut sim, 10_000);
            assert_within_limits(&sim);
        }
        let batch = &sim.batches[a];
        assert_eq!(batch.dispatched(), dispatched, "nothing more was dialed");
        let a_calls_now = sim.calls.iter().filter(|c| c.batch as usize == a).count();
        assert_eq!(a_calls_now, a_calls);
        assert_eq!(batch.in_flight, 0);
        assert_eq!(batch.phase, Phase::Idle);
        // Its calls in flight ran out, its reservation was released and b got to dial.
        assert!(sim.batches[b].admitted_at.is_some());
        assert_eq!(sim.batches[b].dispatched(), 3);
        assert_eq!(sim.reserved, 0);
    }
}

//! The producer and consumer processes of a verify run (`fanout verify-worker …`, hidden): real
//! Redis clients that produce the scenario's events and consume them with its faults injected
//! for real. A crash is this process ending on the spot ([`EXIT_CRASHED`]) with its message
//! unacknowledged; the supervisor restarts it after the group's `restart_s`.

use super::keys;
use super::plan::{GroupPlan, Plan, ProducerPlan};
use crate::scenario::{Distribution, Guarantee};
use rand_core::Rng;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use redis::streams::{StreamId, StreamPendingCountReply, StreamReadReply};
use redis::{Commands, Connection, RedisResult};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Exit code of a consumer that crashed on purpose (an injected fault, not a bug).
pub const EXIT_CRASHED: i32 = 86;

/// Wait between polls when every stream is empty: short next to processing times of ms.
const IDLE_POLL: Duration = Duration::from_millis(2);

/// Most retries one consumer holds in backoff at once.
const MAX_RETRIES_HELD: usize = 100_000;

/// Most entries one restart reclaims per stream (its own pending list: one in flight plus its
/// retries).
const MAX_RECLAIM: usize = 10_000;

/// Side effect, written atomically with its idempotency key for effectively-once: the key is
/// set only if absent (with the dedup window as its time to live); if it was there, the effect
/// is skipped. KEYS: effects hash, stats hash, dedup key. ARGV: event id, 1 = effectively once,
/// window in ms.
const EFFECT_SCRIPT: &str = r"
if ARGV[2] == '1' then
  if not redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[3]) then
    redis.call('HINCRBY', KEYS[2], 'skipped', 1)
    return 0
  end
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('HINCRBY', KEYS[2], 'effects', 1)
return 1
";

/// One write to a database of `capacity` per second: a token bucket in the store, the engine's
/// (refill at capacity, a tenth of a second's worth deep, at least one token, starts full),
/// on the server's own clock. KEYS: the database hash. ARGV: capacity. 1 = written.
const WRITE_SCRIPT: &str = r"
local cap = tonumber(ARGV[1])
local size = math.max(cap * 0.1, 1)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(v[1]) or size
local at = tonumber(v[2]) or now
tokens = math.min(size, tokens + (now - at) * cap / 1000000)
local ok = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
  redis.call('HINCRBY', KEYS[1], 'writes', 1)
else
  redis.call('HINCRBY', KEYS[1], 'rejected', 1)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
return ok
";

/// `fanout verify-worker producer|consumer PLAN URL T0_MS INDEX [INSTANCE]`.
pub fn main(args: &[String]) -> Result<(), String> {
    let [role, plan_path, url, t0, index, rest @ ..] = args else {
        return Err("verify-worker: bad arguments (an internal command of fanout verify)".into());
    };
    let text = std::fs::read_to_string(plan_path).map_err(|e| format!("{plan_path}: {e}"))?;
    let plan: Plan = serde_json::from_str(&text).map_err(|e| format!("{plan_path}: {e}"))?;
    let t0: u64 = t0.parse().map_err(|_| "verify-worker: bad start time")?;
    let index: usize = index.parse().map_err(|_| "verify-worker: bad index")?;
    let mut con = connect(url)?;
    let clock = Clock { t0_ms: t0, end_s: plan.seconds };
    match role.as_str() {
        "producer" => {
            let p = plan.producers.get(index).ok_or("verify-worker: no such producer")?;
            produce(&mut con, p, index, plan.seed, &clock).map_err(|e| e.to_string())
        }
        "consumer" => {
            let g = plan.groups.get(index).ok_or("verify-worker: no such group")?;
            let inst: u32 = rest.first().and_then(|i| i.parse().ok()).ok_or("bad instance")?;
            let mut c = Consumer::new(g, inst, plan.seed, clock);
            c.run(&mut con).map_err(|e| e.to_string())
        }
        _ => Err(format!("verify-worker: unknown role `{role}`")),
    }
}

/// A blocking connection to `url` (loopback, checked by the supervisor).
pub fn connect(url: &str) -> Result<Connection, String> {
    let client = redis::Client::open(url).map_err(|e| format!("{url}: {e}"))?;
    client
        .get_connection_with_timeout(Duration::from_secs(2))
        .map_err(|e| format!("cannot connect to Redis at {url}: {e}"))
}

/// The run's shared clock: seconds since the start instant every process was given.
#[derive(Clone, Copy)]
struct Clock {
    t0_ms: u64,
    end_s: f64,
}

impl Clock {
    fn now_s(&self) -> f64 {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        (now.as_micros() as f64 - self.t0_ms as f64 * 1000.0) / 1e6
    }

    /// Sleeps until run time `t` (not past the end).
    fn sleep_until(&self, t: f64) {
        let wait = t.min(self.end_s) - self.now_s();
        if wait > 0.0 {
            std::thread::sleep(Duration::from_secs_f64(wait));
        }
    }
}

/// A generator of its own for each process: the scenario's seed mixed with the role, the
/// index and the process id (a restarted consumer draws fresh numbers, as a real one would).
fn rng_for(seed: u64, role: u64, index: u64) -> Xoshiro256PlusPlus {
    let mix = seed ^ (role << 56) ^ (index << 32) ^ u64::from(std::process::id());
    Xoshiro256PlusPlus::seed_from_u64(mix)
}

fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

fn chance(rng: &mut Xoshiro256PlusPlus, p: f64) -> bool {
    p > 0.0 && unit(rng) < p
}

/// Produces the producer's events until its stop or the end of the run.
fn produce(
    con: &mut Connection,
    p: &ProducerPlan,
    index: usize,
    seed: u64,
    clock: &Clock,
) -> RedisResult<()> {
    let mut rng = rng_for(seed, 1, index as u64);
    let stop = p.stop_s.unwrap_or(f64::INFINITY).min(clock.end_s);
    let gap = |rng: &mut Xoshiro256PlusPlus| {
        if p.poisson {
            -(1.0 - unit(rng)).ln() / p.rate_per_s
        } else {
            1.0 / p.rate_per_s
        }
    };
    let mut seq: u64 = 0;
    // How far behind its schedule the producer fell at worst (a loaded machine).
    let mut late_s: f64 = 0.0;
    let mut next = p.start_s + if p.rate_per_s > 0.0 { gap(&mut rng) } else { f64::INFINITY };
    let mut bursts = p.bursts.clone();
    bursts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut bursts = bursts.into_iter().peekable();
    // Bounded: each pass emits one event or one burst, or ends the run.
    loop {
        let burst_at = bursts.peek().map_or(f64::INFINITY, |b| b.0);
        let t = next.min(burst_at);
        if t >= stop {
            let key = format!("fanout:producer:{index}");
            let late_ms = (late_s * 1000.0).round() as u64;
            return redis::cmd("HSET")
                .arg(key)
                .arg("events")
                .arg(seq)
                .arg("late_ms")
                .arg(late_ms)
                .query(con);
        }
        clock.sleep_until(t);
        late_s = late_s.max(clock.now_s() - t);
        let (count, forced_poison) = match bursts.next_if(|b| b.0 <= next) {
            Some((_, count, poison)) => (count, poison),
            None => {
                next += gap(&mut rng);
                (1, false)
            }
        };
        for _ in 0..count {
            let id = (index as u64) << 40 | seq;
            seq += 1;
            let key = rng.next_u64() % u64::from(p.key_space);
            let poison = forced_poison || chance(&mut rng, p.poison_probability);
            for streams in &p.topics {
                let stream = &streams[(key % streams.len() as u64) as usize];
                let () = redis::cmd("XADD")
                    .arg(stream)
                    .arg("*")
                    .arg("e")
                    .arg(id)
                    .arg("k")
                    .arg(key)
                    .arg("p")
                    .arg(u8::from(poison))
                    .query(con)?;
            }
        }
    }
}

/// One message a consumer holds.
#[derive(Clone, Debug)]
struct Held {
    stream: usize,
    entry: String,
    event: u64,
    poison: bool,
    /// Attempts so far, this one included (at-most-once keeps its own count: it acknowledged
    /// on delivery, so the broker has no pending entry to count).
    attempt: u32,
}

struct Consumer<'a> {
    g: &'a GroupPlan,
    name: String,
    rng: Xoshiro256PlusPlus,
    clock: Clock,
    /// Messages in backoff: (due run time, message).
    retries: Vec<(f64, Held)>,
    /// Messages reclaimed at start, to process first.
    ready: Vec<Held>,
    next_stream: usize,
    effect: redis::Script,
    write: redis::Script,
}

impl<'a> Consumer<'a> {
    fn new(g: &'a GroupPlan, inst: u32, seed: u64, clock: Clock) -> Self {
        Consumer {
            g,
            name: format!("i{inst}"),
            rng: rng_for(seed, 2, u64::from(g.node.0) << 8 | u64::from(inst)),
            clock,
            retries: Vec::new(),
            ready: Vec::new(),
            next_stream: 0,
            effect: redis::Script::new(EFFECT_SCRIPT),
            write: redis::Script::new(WRITE_SCRIPT),
        }
    }

    fn acks(&self) -> bool {
        self.g.guarantee != Guarantee::AtMostOnce
    }

    /// Until the end of the run or a down window: one message per pass.
    fn run(&mut self, con: &mut Connection) -> RedisResult<()> {
        if self.acks() {
            self.reclaim(con)?;
        }
        self.clock.sleep_until(0.0);
        let down = keys::down(self.g, &self.name);
        let mut polls: u64 = 0;
        while self.clock.now_s() < self.clock.end_s {
            polls += 1;
            if polls.is_multiple_of(64) && con.exists::<_, bool>(&down)? {
                return Ok(()); // leaves cleanly: its pending entries wait for its return
            }
            match self.next_message(con)? {
                Some(h) => self.process(con, h)?,
                None => std::thread::sleep(IDLE_POLL),
            }
        }
        Ok(())
    }

    /// After a restart: the entries this consumer name left pending (the message it held when
    /// it crashed, and its retries) are claimed again, which counts a delivery on each.
    fn reclaim(&mut self, con: &mut Connection) -> RedisResult<()> {
        for (si, stream) in self.g.streams.iter().enumerate() {
            let pending: StreamPendingCountReply = redis::cmd("XPENDING")
                .arg(stream)
                .arg(&self.g.redis_group)
                .arg("-")
                .arg("+")
                .arg(MAX_RECLAIM)
                .arg(&self.name)
                .query(con)?;
            if pending.ids.is_empty() {
                continue;
            }
            let ids: Vec<&str> = pending.ids.iter().map(|p| p.id.as_str()).collect();
            let claimed: redis::streams::StreamClaimReply = redis::cmd("XCLAIM")
                .arg(stream)
                .arg(&self.g.redis_group)
                .arg(&self.name)
                .arg(0)
                .arg(&ids)
                .query(con)?;
            for (sid, p) in claimed.ids.iter().zip(&pending.ids) {
                let h = held(si, sid, (p.times_delivered + 1) as u32);
                self.ready.push(h);
            }
            let _: i64 = con.hincr(keys::stats(self.g), "redelivered", claimed.ids.len())?;
        }
        self.ready.reverse();
        Ok(())
    }

    /// A reclaimed message, a retry whose backoff is over, or the next new entry of one of the
    /// group's streams (round-robin, one at a time: this consumer holds one message).
    fn next_message(&mut self, con: &mut Connection) -> RedisResult<Option<Held>> {
        if let Some(h) = self.ready.pop() {
            return Ok(Some(h));
        }
        let now = self.clock.now_s();
        if let Some(k) = self.retries.iter().position(|(due, _)| *due <= now) {
            let (_, mut h) = self.retries.swap_remove(k);
            if self.acks() {
                // Claiming it again is a new delivery: Redis counts it (XPENDING's count).
                let claimed: redis::streams::StreamClaimReply = redis::cmd("XCLAIM")
                    .arg(&self.g.streams[h.stream])
                    .arg(&self.g.redis_group)
                    .arg(&self.name)
                    .arg(0)
                    .arg(&h.entry)
                    .query(con)?;
                if claimed.ids.is_empty() {
                    return Ok(None);
                }
            }
            h.attempt += 1;
            return Ok(Some(h));
        }
        let n = self.g.streams.len();
        for _ in 0..n {
            let si = self.next_stream % n;
            self.next_stream = si + 1;
            let mut cmd = redis::cmd("XREADGROUP");
            cmd.arg("GROUP").arg(&self.g.redis_group).arg(&self.name).arg("COUNT").arg(1);
            if !self.acks() {
                // At-most-once: acknowledged on delivery (never in the pending list).
                cmd.arg("NOACK");
            }
            let reply: Option<StreamReadReply> =
                cmd.arg("STREAMS").arg(&self.g.streams[si]).arg(">").query(con)?;
            let first = reply
                .and_then(|r| r.keys.into_iter().next())
                .and_then(|k| k.ids.into_iter().next());
            if let Some(sid) = first {
                return Ok(Some(held(si, &sid, 1)));
            }
        }
        Ok(None)
    }

    fn processing_s(&mut self) -> f64 {
        let g = self.g;
        let ms = match g.distribution {
            Distribution::Fixed => g.mean_ms,
            Distribution::Uniform => {
                g.mean_ms - g.spread_ms + 2.0 * g.spread_ms * unit(&mut self.rng)
            }
            Distribution::Exponential => -(1.0 - unit(&mut self.rng)).ln() * g.mean_ms,
            Distribution::LogNormal => {
                // Box–Muller; mean_ms is the distribution's mean: mu = ln(mean) − sigma²/2.
                let (u1, u2) = (1.0 - unit(&mut self.rng), unit(&mut self.rng));
                let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                let mu = g.mean_ms.max(1e-9).ln() - g.sigma * g.sigma / 2.0;
                (mu + g.sigma * z).exp()
            }
        };
        ms.max(0.0) / 1000.0
    }

    /// One attempt, in the engine's order: processing time, failures (poison, a database out
    /// of capacity, a transient one), a crash before the side effect, the side effect, a crash
    /// after it, the acknowledgement.
    fn process(&mut self, con: &mut Connection, h: Held) -> RedisResult<()> {
        std::thread::sleep(Duration::from_secs_f64(self.processing_s()));
        let stats = keys::stats(self.g);
        let failed = h.poison
            || !self.write_databases(con)?
            || chance(&mut self.rng, self.g.failure_probability);
        if failed {
            return self.fail(con, h);
        }
        if chance(&mut self.rng, self.g.crash_before) {
            std::process::exit(EXIT_CRASHED);
        }
        let eo = self.g.guarantee == Guarantee::EffectivelyOnce;
        let window_ms = (self.g.dedup_window_s * 1000.0).round().max(1.0) as u64;
        let _: i64 = self
            .effect
            .key(keys::effects(self.g))
            .key(&stats)
            .key(keys::dedup(self.g, h.event))
            .arg(h.event)
            .arg(u8::from(eo))
            .arg(window_ms)
            .invoke(con)?;
        if chance(&mut self.rng, self.g.crash_after) {
            std::process::exit(EXIT_CRASHED);
        }
        if self.acks() {
            let _: i64 = con.xack(&self.g.streams[h.stream], &self.g.redis_group, &[&h.entry])?;
        }
        Ok(())
    }

    /// Takes a write from each database the group writes to; `false` if one is out of capacity.
    fn write_databases(&mut self, con: &mut Connection) -> RedisResult<bool> {
        for &(db, capacity) in &self.g.databases {
            if capacity == 0 {
                continue;
            }
            let ok: i64 = self.write.key(keys::database(db)).arg(capacity).invoke(con)?;
            if ok == 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A failed attempt: retry after the backoff, or after `max_attempts` deliveries (Redis's
    /// own count from XPENDING) park it in the dead-letter stream — or drop it with none.
    fn fail(&mut self, con: &mut Connection, h: Held) -> RedisResult<()> {
        let stats = keys::stats(self.g);
        let stream = &self.g.streams[h.stream];
        // One round trip: count the failure and read the delivery count.
        let mut pipe = redis::pipe();
        pipe.hincr(&stats, "failed_attempts", 1).ignore();
        let attempts = if self.acks() {
            pipe.cmd("XPENDING")
                .arg(stream)
                .arg(&self.g.redis_group)
                .arg(&h.entry)
                .arg(&h.entry)
                .arg(1);
            let (p,): (StreamPendingCountReply,) = pipe.query(con)?;
            p.ids.first().map_or(h.attempt, |p| p.times_delivered as u32)
        } else {
            pipe.query::<()>(con)?;
            h.attempt
        };
        if attempts < self.g.max_attempts && self.retries.len() < MAX_RETRIES_HELD {
            let _: i64 = con.hincr(&stats, "retried", 1)?;
            let due = self.clock.now_s() + self.backoff_s(attempts);
            self.retries.push((due, h));
            return Ok(());
        }
        let mut pipe = redis::pipe();
        pipe.atomic();
        if let Some(dlq) = &self.g.dead_letter {
            pipe.cmd("XADD")
                .arg(dlq)
                .arg("*")
                .arg("e")
                .arg(h.event)
                .arg("group")
                .arg(&self.g.name)
                .arg("attempts")
                .arg(attempts)
                .ignore();
            pipe.hincr(&stats, "dead_lettered", 1).ignore();
            pipe.sadd(keys::dead_lettered(self.g), h.event).ignore();
        }
        if self.acks() {
            pipe.xack(stream, &self.g.redis_group, &[&h.entry]).ignore();
        }
        pipe.query::<()>(con)
    }

    /// The wait before the next attempt after `attempt` failed ones, in seconds: the engine's.
    fn backoff_s(&mut self, attempt: u32) -> f64 {
        let g = self.g;
        let base = if g.fixed_backoff {
            g.initial_backoff_ms
        } else {
            g.initial_backoff_ms * g.multiplier.powi(attempt.saturating_sub(1) as i32)
        }
        .min(g.max_backoff_ms);
        let wait =
            if g.jitter > 0.0 { base * (1.0 - g.jitter * unit(&mut self.rng)) } else { base };
        wait / 1000.0
    }
}

/// A stream entry as a held message.
fn held(stream: usize, sid: &StreamId, attempt: u32) -> Held {
    Held {
        stream,
        entry: sid.id.clone(),
        event: sid.get("e").unwrap_or_default(),
        poison: sid.get::<u8>("p").unwrap_or_default() == 1,
        attempt,
    }
}

//! The supervisor: creates the scenario's streams and consumer groups, starts one producer
//! process per producer and one consumer process per instance, restarts a crashed consumer
//! after its group's `restart_s`, runs the scheduled crash and down windows, and stops
//! everything at the end. Every child is behind a [`Guard`], so an error anywhere kills them
//! all.

use super::broker::{Broker, Guard};
use super::keys;
use super::plan::Plan;
use super::worker::{connect, EXIT_CRASHED};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Time given to the processes to start before the run's clock begins.
const STARTUP: Duration = Duration::from_millis(1500);

/// Time the processes get after the end to finish the message in hand and exit.
const GRACE: Duration = Duration::from_secs(5);

/// Supervisor poll interval.
const TICK: Duration = Duration::from_millis(5);

/// What the supervisor saw: crashes per group (injected ones, and scheduled crash faults).
pub struct RunFacts {
    pub crashes: Vec<u64>,
}

/// One consumer instance.
struct Slot {
    group: usize,
    inst: u32,
    proc: Option<Guard>,
    /// Run time at which to start it again.
    restart_at: Option<f64>,
}

/// Creates the streams and groups; refuses a broker that already holds a run's keys.
fn prepare(plan: &Plan, url: &str) -> Result<(), String> {
    let mut con = connect(url)?;
    let (_, existing): (u64, Vec<String>) = redis::cmd("SCAN")
        .arg(0)
        .arg("MATCH")
        .arg("fanout:*")
        .arg("COUNT")
        .arg(100_000)
        .query(&mut con)
        .map_err(|e| e.to_string())?;
    if !existing.is_empty() {
        return Err(format!(
            "the broker at {url} already holds keys of a verify run (`{}` …): give an empty one",
            existing[0]
        ));
    }
    for g in &plan.groups {
        for s in &g.streams {
            let () = redis::cmd("XGROUP")
                .arg("CREATE")
                .arg(s)
                .arg(&g.redis_group)
                .arg("0")
                .arg("MKSTREAM")
                .query(&mut con)
                .map_err(|e| format!("creating group {} on {s}: {e}", g.redis_group))?;
        }
    }
    Ok(())
}

fn worker(
    plan_path: &Path,
    url: &str,
    t0_ms: u64,
    role: &str,
    index: usize,
    inst: Option<u32>,
) -> Result<Guard, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the fanout binary: {e}"))?;
    let mut cmd = Command::new(exe);
    cmd.arg("verify-worker")
        .arg(role)
        .arg(plan_path)
        .arg(url)
        .arg(t0_ms.to_string())
        .arg(index.to_string());
    if let Some(i) = inst {
        cmd.arg(i.to_string());
    }
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::inherit());
    let what = match inst {
        Some(i) => format!("consumer {i} of group {index}"),
        None => format!("producer {index}"),
    };
    Guard::spawn(cmd, what)
}

/// Why a worker failed: most often because the broker went away under it, which is the
/// message then.
fn failure(broker: &mut Broker, what: &str, status: std::process::ExitStatus) -> String {
    std::thread::sleep(Duration::from_millis(100));
    if let Some(why) = broker.died() {
        return why;
    }
    let answers = connect(&broker.url)
        .and_then(|mut c| redis::cmd("PING").query::<String>(&mut c).map_err(|e| e.to_string()));
    match answers {
        Ok(_) => format!("{what} failed: {status}"),
        Err(e) => format!(
            "the broker at {} stopped answering during the run ({e}); {what} failed",
            broker.url
        ),
    }
}

/// The running processes and what the supervisor has seen.
struct Running<'a> {
    plan: &'a Plan,
    plan_path: std::path::PathBuf,
    url: String,
    t0_ms: u64,
    slots: Vec<Slot>,
    producers: Vec<Guard>,
    crashes: Vec<u64>,
    /// (group, at_s, duration_s, instance or all, crash): each fired once, then ended once.
    faults: Vec<(usize, f64, f64, Option<u32>, bool)>,
    fired: Vec<u8>,
}

impl Running<'_> {
    fn consumer(&self, group: usize, inst: u32) -> Result<Guard, String> {
        worker(&self.plan_path, &self.url, self.t0_ms, "consumer", group, Some(inst))
    }

    /// Starts and ends the scheduled crash and down windows due at run time `t`.
    fn faults(&mut self, con: &mut redis::Connection, t: f64) -> Result<(), String> {
        for k in 0..self.faults.len() {
            let (gi, at, dur, inst, crash) = self.faults[k];
            let hits = |s: &Slot| s.group == gi && inst.is_none_or(|i| i == s.inst);
            let g = &self.plan.groups[gi];
            if self.fired[k] == 0 && t >= at {
                self.fired[k] = 1;
                for s in self.slots.iter_mut().filter(|s| hits(s)) {
                    if !crash {
                        let key = keys::down(g, &format!("i{}", s.inst));
                        let () = redis::cmd("SET")
                            .arg(key)
                            .arg(1)
                            .query(con)
                            .map_err(|e| e.to_string())?;
                    } else if s.proc.take().is_some() {
                        self.crashes[gi] += 1; // dropping the guard kills it on the spot
                    }
                    s.restart_at = Some(at + dur);
                }
            } else if self.fired[k] == 1 && t >= at + dur {
                self.fired[k] = 2;
                for s in self.slots.iter().filter(|s| hits(s)) {
                    let key = keys::down(g, &format!("i{}", s.inst));
                    let () = redis::cmd("DEL").arg(key).query(con).map_err(|e| e.to_string())?;
                }
            }
        }
        Ok(())
    }

    /// Notes consumers that ended (a crash is restarted after `restart_s`, a failure ends the
    /// run) and starts those due again.
    fn consumers(&mut self, broker: &mut Broker, t: f64) -> Result<(), String> {
        for k in 0..self.slots.len() {
            let (gi, inst) = (self.slots[k].group, self.slots[k].inst);
            let g = &self.plan.groups[gi];
            if let Some(p) = self.slots[k].proc.as_mut() {
                if let Some(status) = p.exited() {
                    let what = format!("{} ({})", p.what, g.name);
                    self.slots[k].proc = None;
                    match status.code() {
                        Some(EXIT_CRASHED) => {
                            self.crashes[gi] += 1;
                            self.slots[k].restart_at = Some(t + g.restart_s);
                        }
                        Some(0) => {}
                        _ => return Err(failure(broker, &what, status)),
                    }
                }
            }
            let s = &self.slots[k];
            if s.proc.is_none() && s.restart_at.is_some_and(|r| t >= r && r < self.plan.seconds) {
                let proc = self.consumer(gi, inst)?;
                self.slots[k].restart_at = None;
                self.slots[k].proc = Some(proc);
            }
        }
        Ok(())
    }

    /// Whether every process has ended; `Err` if a producer failed.
    fn all_ended(&mut self, broker: &mut Broker) -> Result<bool, String> {
        for p in &mut self.producers {
            if let Some(status) = p.exited() {
                if !status.success() {
                    return Err(failure(broker, &p.what, status));
                }
            }
        }
        Ok(self.slots.iter_mut().all(|s| s.proc.as_mut().is_none_or(|p| p.exited().is_some()))
            && self.producers.iter_mut().all(|p| p.exited().is_some()))
    }
}

/// Runs the plan on the broker to its end.
pub fn run(plan: &Plan, broker: &mut Broker, dir: &Path) -> Result<RunFacts, String> {
    prepare(plan, &broker.url)?;
    let plan_path = dir.join("plan.json");
    let text = serde_json::to_string(plan).map_err(|e| e.to_string())?;
    std::fs::write(&plan_path, text).map_err(|e| format!("{}: {e}", plan_path.display()))?;
    let start = SystemTime::now() + STARTUP;
    let t0_ms = start.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
    let begun = Instant::now() + STARTUP;
    let faults = plan
        .groups
        .iter()
        .enumerate()
        .flat_map(|(gi, g)| g.faults.iter().map(move |&(at, d, i, c)| (gi, at, d, i, c)))
        .collect::<Vec<_>>();
    let mut r = Running {
        plan,
        plan_path,
        url: broker.url.clone(),
        t0_ms,
        slots: Vec::new(),
        producers: Vec::new(),
        crashes: vec![0; plan.groups.len()],
        fired: vec![0; faults.len()],
        faults,
    };
    for (gi, g) in plan.groups.iter().enumerate() {
        for inst in 0..g.instances {
            let proc = Some(r.consumer(gi, inst)?);
            r.slots.push(Slot { group: gi, inst, proc, restart_at: None });
        }
    }
    for pi in 0..plan.producers.len() {
        r.producers.push(worker(&r.plan_path, &r.url, t0_ms, "producer", pi, None)?);
    }
    let mut con = connect(&r.url)?;
    let deadline = begun + Duration::from_secs_f64(plan.seconds) + GRACE;
    // Bounded by the deadline: one pass every TICK. Past it, whatever still runs is killed
    // when `r` is dropped (the guards).
    while Instant::now() < deadline {
        if let Some(why) = broker.died() {
            return Err(why);
        }
        let t = Instant::now().saturating_duration_since(begun).as_secs_f64();
        r.faults(&mut con, t)?;
        r.consumers(broker, t)?;
        if r.all_ended(broker)? && t >= plan.seconds {
            break;
        }
        std::thread::sleep(TICK);
    }
    Ok(RunFacts { crashes: r.crashes.clone() })
}

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

/// Runs the plan on the broker to its end.
pub fn run(plan: &Plan, broker: &mut Broker, dir: &Path) -> Result<RunFacts, String> {
    prepare(plan, &broker.url)?;
    let plan_path = dir.join("plan.json");
    let text = serde_json::to_string(plan).map_err(|e| e.to_string())?;
    std::fs::write(&plan_path, text).map_err(|e| format!("{}: {e}", plan_path.display()))?;
    let start = SystemTime::now() + STARTUP;
    let t0_ms = start.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
    let begun = Instant::now() + STARTUP;
    let now_s = || Instant::now().saturating_duration_since(begun).as_secs_f64();
    let url = broker.url.clone();
    let mut slots: Vec<Slot> = Vec::new();
    for (gi, g) in plan.groups.iter().enumerate() {
        for inst in 0..g.instances {
            let proc = Some(worker(&plan_path, &url, t0_ms, "consumer", gi, Some(inst))?);
            slots.push(Slot { group: gi, inst, proc, restart_at: None });
        }
    }
    let mut producers: Vec<Guard> = Vec::new();
    for pi in 0..plan.producers.len() {
        producers.push(worker(&plan_path, &url, t0_ms, "producer", pi, None)?);
    }
    let mut con = connect(&url)?;
    let mut crashes = vec![0u64; plan.groups.len()];
    // (group, at_s, duration_s, instance, crash), each fired once, then ended once.
    let faults: Vec<(usize, f64, f64, Option<u32>, bool)> = plan
        .groups
        .iter()
        .enumerate()
        .flat_map(|(gi, g)| g.faults.iter().map(move |&(at, d, i, c)| (gi, at, d, i, c)))
        .collect();
    let mut fired = vec![0u8; faults.len()];
    let deadline = begun + Duration::from_secs_f64(plan.seconds) + GRACE;
    // Bounded by the deadline: one pass every TICK.
    while Instant::now() < deadline {
        if let Some(why) = broker.died() {
            return Err(why);
        }
        let t = now_s();
        for (k, &(gi, at, dur, inst, crash)) in faults.iter().enumerate() {
            let hits = |s: &Slot| s.group == gi && inst.is_none_or(|i| i == s.inst);
            if fired[k] == 0 && t >= at {
                fired[k] = 1;
                for s in slots.iter_mut().filter(|s| hits(s)) {
                    if crash {
                        if s.proc.take().is_some() {
                            crashes[gi] += 1; // dropping the guard kills it on the spot
                        }
                    } else {
                        let key = keys::down(&plan.groups[gi], &format!("i{}", s.inst));
                        let () = redis::cmd("SET")
                            .arg(key)
                            .arg(1)
                            .query(&mut con)
                            .map_err(|e| e.to_string())?;
                    }
                    s.restart_at = Some(at + dur);
                }
            } else if fired[k] == 1 && t >= at + dur {
                fired[k] = 2;
                for s in slots.iter().filter(|s| hits(s)) {
                    let key = keys::down(&plan.groups[gi], &format!("i{}", s.inst));
                    let () =
                        redis::cmd("DEL").arg(key).query(&mut con).map_err(|e| e.to_string())?;
                }
            }
        }
        for s in &mut slots {
            let g = &plan.groups[s.group];
            if let Some(p) = s.proc.as_mut() {
                if let Some(status) = p.exited() {
                    let what = p.what.clone();
                    s.proc = None;
                    match status.code() {
                        Some(EXIT_CRASHED) => {
                            crashes[s.group] += 1;
                            s.restart_at = Some(t + g.restart_s);
                        }
                        Some(0) => {}
                        _ => return Err(failure(broker, &format!("{what} ({})", g.name), status)),
                    }
                }
            }
            if s.proc.is_none() && s.restart_at.is_some_and(|r| t >= r && r < plan.seconds) {
                s.restart_at = None;
                s.proc = Some(worker(&plan_path, &url, t0_ms, "consumer", s.group, Some(s.inst))?);
            }
        }
        for p in &mut producers {
            if let Some(status) = p.exited() {
                if !status.success() {
                    return Err(failure(broker, &p.what, status));
                }
            }
        }
        let finished = t >= plan.seconds
            && slots.iter_mut().all(|s| s.proc.as_mut().is_none_or(|p| p.exited().is_some()))
            && producers.iter_mut().all(|p| p.exited().is_some());
        if finished {
            break;
        }
        std::thread::sleep(TICK);
    }
    // Whatever is still running past the grace time is killed here (the guards' drop).
    drop(slots);
    drop(producers);
    Ok(RunFacts { crashes })
}

//! The broker process and the child processes of a verify run, each behind a guard that kills
//! it when dropped: whatever way `fanout verify` ends (done, an error, a panic), nothing it
//! started keeps running.

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddrV4, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a broker may take to answer PING after it was started.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// A child process killed (and reaped) when dropped.
pub struct Guard {
    pub child: Child,
    pub what: String,
}

impl Guard {
    /// Spawns `cmd`; `what` names it in messages.
    pub fn spawn(mut cmd: Command, what: String) -> Result<Guard, String> {
        let child = cmd.spawn().map_err(|e| format!("cannot start {what}: {e}"))?;
        Ok(Guard { child, what })
    }

    /// Its exit status if it has ended.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if self.exited().is_none() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// A directory removed when dropped (the run's plan, the broker's log).
pub struct RunDir(pub PathBuf);

impl RunDir {
    pub fn new() -> Result<RunDir, String> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("fanout-verify-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(RunDir(dir))
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A Redis the run started (or `None` for one given by `--url`), and how to reach it.
pub struct Broker {
    pub server: Option<Guard>,
    pub url: String,
    pub version: String,
    pub log: Option<PathBuf>,
}

impl Broker {
    /// `Some(message)` if a broker the run started has died.
    pub fn died(&mut self) -> Option<String> {
        let server = self.server.as_mut()?;
        let status = server.exited()?;
        let tail = self.log.as_deref().map(log_tail).unwrap_or_default();
        Some(format!("redis-server died during the run ({status}){tail}"))
    }
}

/// The last lines of a broker's log, for an error message.
fn log_tail(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(64 * 1024).read_to_string(&mut text);
    }
    let lines: Vec<&str> = text.lines().rev().take(3).collect();
    if lines.is_empty() {
        String::new()
    } else {
        let lines: Vec<&str> = lines.into_iter().rev().collect();
        format!("; its log ends:\n  {}", lines.join("\n  "))
    }
}

/// Whether a redis URL names this machine: verify talks to loopback only.
pub fn is_loopback_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("redis://") else { return false };
    let host_port = rest.rsplit('@').next().unwrap_or(rest);
    let host_port = host_port.split('/').next().unwrap_or(host_port);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    matches!(host, "127.0.0.1" | "localhost" | "::1")
}

/// A free TCP port on 127.0.0.1, or `port` if it is free.
fn free_port(port: Option<u16>) -> Result<u16, String> {
    let addr = SocketAddrV4::new(Ipv4Addr::LOCALHOST, port.unwrap_or(0));
    let listener = TcpListener::bind(addr).map_err(|e| match port {
        Some(p) => format!(
            "port {p} on 127.0.0.1 is in use ({e}); pick another with --port or leave it out"
        ),
        None => format!("no free port on 127.0.0.1: {e}"),
    })?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Starts `redis-server` on 127.0.0.1 (on `port`, or a free one) with no persistence, and
/// waits until it answers.
pub fn start_redis(dir: &Path, port: Option<u16>) -> Result<Broker, String> {
    let which = Command::new("redis-server").arg("--version").stdout(Stdio::piped()).output();
    let version = match which {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .find_map(|w| w.strip_prefix("v="))
            .unwrap_or("?")
            .to_owned(),
        _ => {
            return Err("redis-server is not installed (not on PATH): install it with \
                 `apt-get install -y --no-install-recommends redis-server`, or give a running \
                 one with --url redis://127.0.0.1:PORT"
                .to_owned())
        }
    };
    let port = free_port(port)?;
    let log = dir.join("redis.log");
    let mut cmd = Command::new("redis-server");
    cmd.args([
        "--port",
        &port.to_string(),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ])
    .arg("--dir")
    .arg(dir)
    .arg("--logfile")
    .arg(&log)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    let server = Guard::spawn(cmd, "redis-server".to_owned())?;
    let url = format!("redis://127.0.0.1:{port}/");
    let mut broker = Broker { server: Some(server), url, version, log: Some(log) };
    let started = Instant::now();
    // Bounded by READY_TIMEOUT: one attempt every 50 ms.
    loop {
        if let Some(why) = broker.died() {
            return Err(why.replace("during the run", "at start"));
        }
        if let Ok(mut con) = super::worker::connect(&broker.url) {
            if redis::cmd("PING").query::<String>(&mut con).is_ok() {
                return Ok(broker);
            }
        }
        if started.elapsed() > READY_TIMEOUT {
            return Err(format!(
                "redis-server did not answer on port {port} within {READY_TIMEOUT:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A Redis given by `--url`: loopback only, and reachable.
pub fn connect_redis(url: &str) -> Result<Broker, String> {
    if !is_loopback_url(url) {
        return Err(format!(
            "--url {url}: verify only talks to a broker on this machine (redis://127.0.0.1:PORT or redis://localhost:PORT)"
        ));
    }
    let mut con = super::worker::connect(url)?;
    let info: String =
        redis::cmd("INFO").arg("server").query(&mut con).map_err(|e| e.to_string())?;
    let version = info
        .lines()
        .find_map(|l| l.strip_prefix("redis_version:"))
        .unwrap_or("?")
        .trim()
        .to_owned();
    Ok(Broker { server: None, url: url.to_owned(), version, log: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_urls_are_accepted() {
        for ok in [
            "redis://127.0.0.1:6379/",
            "redis://localhost:7000",
            "redis://:pw@127.0.0.1:1/0",
            "redis://[::1]:6379",
        ] {
            assert!(is_loopback_url(ok), "{ok}");
        }
        for no in [
            "redis://10.0.0.1:6379",
            "redis://example.com",
            "http://127.0.0.1:6379",
            "redis://127.0.0.1.evil.com:1",
        ] {
            assert!(!is_loopback_url(no), "{no}");
        }
    }
}

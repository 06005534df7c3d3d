//! Which processes belong to one tauri-driver start, and who listens on a port, from Linux's
//! `/proc` (tauri-driver and WebKitWebDriver run on Linux only). Every process of a start carries
//! a marker in its environment, inherited from tauri-driver by WebKitWebDriver and by the app, so
//! the harness can prove that a port is held by its own driver rather than by whatever process
//! took it first, and can stop every process of a failed start, orphans included.

use std::process::{Command, Stdio};

/// The pids whose environment holds `name=value`. A process that has exited (a zombie included)
/// shows no environment, so it is not listed.
pub fn marked(name: &str, value: &str) -> Vec<u32> {
    let needle = format!("{name}={value}");
    let Ok(dir) = std::fs::read_dir("/proc") else { return vec![] };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| environ(*pid).contains(&needle))
        .collect()
}

/// The environment process `pid` started with, as `NAME=value` entries (none once it exited).
pub fn environ(pid: u32) -> Vec<String> {
    let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
    env.split(|b| *b == 0).filter(|kv| !kv.is_empty()).map(|kv| String::from_utf8_lossy(kv).into_owned()).collect()
}

/// The file name of the program process `pid` runs (`WebKitWebProcess`), if it still runs.
pub fn program(pid: u32) -> Option<String> {
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok()?;
    Some(exe.file_name()?.to_string_lossy().into_owned())
}

/// Who holds a listening TCP socket on a port, on any local address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Nobody,
    /// One of the given processes.
    Ours,
    /// Some other process: ours cannot bind there.
    Other,
}

/// Who holds each of `ports`, "ours" meaning a process marked `name=value`.
pub fn holders(ports: &[u16], name: &str, value: &str) -> Vec<Holder> {
    // Listeners first, then the processes: a socket seen listening belongs to a process that was
    // there already, so a marked process started between the two reads cannot pass for another's.
    let listening: Vec<Vec<u64>> = ports.iter().map(|p| listening_inodes(*p)).collect();
    let ours: Vec<u64> = marked(name, value).into_iter().flat_map(socket_inodes).collect();
    listening
        .iter()
        .map(|inodes| match inodes {
            i if i.is_empty() => Holder::Nobody,
            i if i.iter().any(|i| ours.contains(i)) => Holder::Ours,
            _ => Holder::Other,
        })
        .collect()
}

/// The socket inodes of the LISTEN rows (state `0A`) for `port` in `/proc/net/tcp{,6}`.
fn listening_inodes(port: u16) -> Vec<u64> {
    let mut inodes = vec![];
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
        for row in text.lines().skip(1) {
            let fields: Vec<&str> = row.split_whitespace().collect();
            let (Some(local), Some(state), Some(inode)) = (fields.get(1), fields.get(3), fields.get(9)) else { continue };
            let local_port = local.rsplit(':').next().and_then(|p| u16::from_str_radix(p, 16).ok());
            if *state == "0A" && local_port == Some(port) {
                inodes.extend(inode.parse::<u64>().ok());
            }
        }
    }
    inodes
}

/// The inodes of the sockets process `pid` has open (`/proc/PID/fd/N -> socket:[INODE]`).
fn socket_inodes(pid: u32) -> Vec<u64> {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { return vec![] };
    fds.filter_map(|e| {
        let link = std::fs::read_link(e.ok()?.path()).ok()?;
        link.to_str()?.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
    })
    .collect()
}

/// Sends `signal` (`TERM`, `KILL`) to each pid through kill(1), as the rest of the harness does.
pub fn signal(signal: &str, pids: &[u32]) {
    if pids.is_empty() {
        return;
    }
    // A process may end between being listed and signalled: kill(1)'s complaint is not news.
    let _ = Command::new("kill").arg(format!("-{signal}")).args(pids.iter().map(u32::to_string)).stderr(Stdio::null()).status();
}

//! Who holds a link while it is being created or retried, and whether that holder still lives.
//!
//! A lease in the history alone expires only by the clock, so a killed process (`kill -9`,
//! Ctrl-C, a crash) used to lock its sale out until the time ran out. A [`Holder`] therefore
//! records the process (pid and its start time, so a reused pid is not mistaken for it) and the
//! till; another process of the same till that finds the holder dead takes the lease at once.
//! A live holder renews its lease while it waits on a provider, however long that takes.

use serde::Serialize;

/// One process's claim on a link: a fresh token per lease, and the process it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Unique per lease: every write made under the lease is fenced on it.
    pub token: String,
    pub pid: u32,
    /// When the process started, as this OS tells it (`boot id/start ticks` on Linux);
    /// `None` where it cannot be read, and then only the lease's expiry frees it.
    pub start: Option<String>,
    /// The till (install) the process runs on: a pid means something only on its own machine.
    pub till: String,
}

impl Holder {
    /// A new lease token for this process on `till`.
    pub fn this_process(till: &str) -> Holder {
        let pid = std::process::id();
        Holder { token: uuid::Uuid::new_v4().to_string(), pid, start: process_start(pid), till: till.to_string() }
    }
}

/// Who else holds a lease, for the message that refuses a second retry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldBy {
    pub pid: Option<u32>,
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether the holder runs on this till (else it is another machine's process).
    pub this_till: bool,
}

/// Whether the process `pid` that started at `start` still runs: `Some(false)` when it surely
/// does not (gone, or the pid now belongs to a younger process), `None` when this OS cannot tell.
pub fn is_alive(pid: u32, start: Option<&str>) -> Option<bool> {
    let start = start?;
    let now = process_start(pid);
    if cfg!(target_os = "linux") {
        return Some(now.as_deref() == Some(start));
    }
    now.map(|n| n == start)
}

/// The start marker of a process: on Linux the boot id and the start time in clock ticks
/// (field 22 of `/proc/PID/stat`), which together never repeat for another process.
#[cfg(target_os = "linux")]
pub fn process_start(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    let after_name = &stat[stat.rfind(')')? + 1..];
    // Fields from 3 (state) on; start time is field 22.
    let ticks = after_name.split_whitespace().nth(22 - 3)?;
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    Some(format!("{}/{ticks}", boot.trim()))
}

#[cfg(not(target_os = "linux"))]
pub fn process_start(_pid: u32) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn this_process_is_alive_and_a_finished_one_is_not() {
        let me = Holder::this_process("till");
        assert_eq!(is_alive(me.pid, me.start.as_deref()), Some(true));
        assert_eq!(is_alive(me.pid, Some("another-boot/1")), Some(false), "a reused pid is not the holder");

        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        let start = process_start(pid);
        child.wait().unwrap();
        assert_eq!(is_alive(pid, start.as_deref()), Some(false), "a process that ended holds nothing");
    }

    #[test]
    fn without_a_start_marker_liveness_is_unknown() {
        assert_eq!(is_alive(std::process::id(), None), None);
    }
}

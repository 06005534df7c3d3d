//! Environment variables only the start of the app sees: the settings WebKit, GDK and
//! JavaScriptCore read once as the main window is made, chosen on purpose for Linux
//! (docs/speed.md): the GPU probes skipped ([`crate::drawing::probe_skips`]) and
//! JavaScriptCore's tiers ([`crate::javascript::tiers`]).
//!
//! GDK reads its variable as GTK starts; WebKit reads its own before it starts its first web
//! process; and WebKit's web and network processes inherit the environment they start with, which
//! is how JavaScriptCore in the main window's web process gets its settings. A variable left set
//! would follow every program the app starts (the browser a payment link opens in), so they are
//! set only from the start of [`crate::run`] until the main window is made
//! ([`StartEnv::window_made`]). A variable the person set themselves is left as they set it.

/// A variable's value, worked out only when the person has not set it.
pub type Value = fn() -> String;

/// The variables set here, to take out again once the main window is made.
#[must_use = "the variables must be taken out once the main window is made"]
pub struct StartEnv {
    set_here: Vec<&'static str>,
}

impl StartEnv {
    /// Sets each variable the person did not set, on Linux only (they are WebKitGTK's, GTK's
    /// and its JavaScriptCore's). Called first thing in [`crate::run`], while the process has one
    /// thread: a variable set then goes to the end of the environment, so taking them out later,
    /// last set first, moves no other variable ([`Self::window_made`]).
    pub fn set(vars: impl IntoIterator<Item = (&'static str, Value)>) -> Self {
        let mut set_here = Vec::new();
        if !cfg!(target_os = "linux") {
            return StartEnv { set_here };
        }
        for (name, value) in vars {
            if std::env::var_os(name).is_none() {
                std::env::set_var(name, value());
                set_here.push(name);
            }
        }
        StartEnv { set_here }
    }

    /// Takes the variables out again once the main window is made (WebKit has read them and
    /// started its processes), so nothing the app starts later inherits them. Other threads run
    /// by now: Rust's own reads of the environment wait for this under std's lock; a C library's
    /// `getenv` could run alongside, and glibc's `unsetenv` takes an entry out by moving the
    /// later ones down, in place. Each one taken out is the last (set while the process had one
    /// thread, nothing since adds one in between, and the last set goes first), so only the end
    /// of the list moves up by one.
    pub fn window_made(self) {
        for name in self.set_here.into_iter().rev() {
            std::env::remove_var(name);
        }
    }
}

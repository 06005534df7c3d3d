//! The command line, as scripts rely on it. Keep it stable: add, never rename.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "paydesk", version, about = "Payment links at the counter: create, share as a QR code, verify, keep a history.")]
pub struct Cli {
    /// Where the history lives (default: the platform's data directory).
    #[arg(long, global = true, env = "PAYDESK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// API keys in the OS keyring.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Payment links.
    #[command(subcommand)]
    Link(LinkCmd),
    /// Settings.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Sales: what the customer is asked to pay, above the links that try to collect it.
    #[command(subcommand)]
    Sale(SaleCmd),
    /// The optional shop hub (PostgreSQL) that several tills share.
    #[command(subcommand)]
    Hub(HubCmd),
    /// Push this till's changes to the hub and pull the other tills', once.
    Sync {
        #[arg(long)]
        json: bool,
    },
    /// The shop's day: totals per provider, currency and mode.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Copy the history to FILE, safely while paydesk runs. Keys are not in it (OS keyring).
    Backup { file: PathBuf },
    /// Put a backup in place of the history, keeping the current one aside. Refused while the
    /// app or another paydesk command has the history open; asks for the manager PIN when one is set.
    Restore { file: PathBuf },
    /// The manager PIN, asked before refunds and key changes.
    #[command(subcommand)]
    Pin(PinCmd),
    /// Quick amounts: presets the New sale screen offers as buttons that fill the form.
    #[command(subcommand)]
    Preset(PresetCmd),
}

#[derive(Subcommand)]
pub enum PresetCmd {
    /// Every quick amount.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add one, checked as a sale would be (amount, currency the provider takes, texts).
    Add {
        /// The button's name, as in "Coffee".
        name: String,
        /// As you would type it on the New sale screen: 1500, 1,500.50.
        #[arg(allow_hyphen_values = true)]
        amount: String,
        /// ISO code (default: the `default.currency` setting).
        #[arg(long)]
        currency: Option<String>,
        /// paystack, dojo, payroc, luxfin or training (default: the `default.provider` setting).
        #[arg(long)]
        provider: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Remove one, by its name or id.
    Remove { name: String },
    /// Remove every quick amount.
    Clear,
}

#[derive(Subcommand)]
pub enum HubCmd {
    /// Store the hub's connection URL, read from standard input (it holds a password), in the OS keyring.
    Set,
    /// Create or update the hub's schema (once per shop, and after an update of paydesk).
    Init,
    /// The last push and pull, and the events waiting.
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum ReportCmd {
    /// One shop day (default: today's, by `day.starts_at`).
    Day {
        /// YYYY-MM-DD
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// What a Z report lists under the day's totals: its paid sales, its refunds, and the refunds
    /// made that day of earlier days' sales.
    Sales {
        /// YYYY-MM-DD
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Shop days from one date to another, both included.
    Range {
        /// YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// YYYY-MM-DD
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum SaleCmd {
    /// One sale with every attempt (by its number or uid).
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Try another provider for a sale whose link failed or is stuck (by sale number or uid).
    Failover {
        id: String,
        #[arg(long)]
        provider: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum PinCmd {
    /// Set or change the PIN (4 to 12 digits), read from the terminal or standard input
    /// (the current PIN first when one is set, then the new one).
    Set,
    /// Remove the PIN; needs the current one.
    Clear,
    /// Whether a PIN is set.
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Store a key, read from standard input (never from the command line).
    Set {
        provider: String,
        #[arg(long)]
        mode: Option<String>,
    },
    /// Which keys are set (at most their last 4 characters).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a key from the keyring.
    Delete {
        provider: String,
        #[arg(long, default_value = "test")]
        mode: String,
    },
}

#[derive(Subcommand)]
pub enum LinkCmd {
    /// Create a payment link and show it with its QR code.
    Create(CreateArgs),
    /// The history, newest first.
    List(ListArgs),
    /// Write every link that `list`'s filters select to a CSV file, newest first.
    Export(ExportArgs),
    /// One link, with its status history and references.
    Show {
        id_or_reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Ask the provider where a link stands (or every open one, with --open).
    Verify {
        #[arg(required_unless_present = "open", conflicts_with = "open")]
        id_or_reference: Option<String>,
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// Finish a link left in "creating" after a provider failure (looks it up first).
    Retry {
        id_or_reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Have the provider e-mail the link (Payroc).
    Share {
        id_or_reference: String,
        #[arg(long, value_name = "EMAIL")]
        to: String,
        /// The recipient's name (default: from the address).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        message: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Cancel a link at its provider so it can no longer be paid (Dojo, Payroc).
    Cancel {
        id_or_reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Give back part or all of a paid link through its provider (asks for the manager PIN when
    /// one is set, from the terminal or standard input).
    Refund {
        id_or_reference: String,
        /// As a person types it; everything left when absent.
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        /// Why, for the provider's records (at most 100 characters).
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Save a link's QR code as PNG or SVG.
    Qr {
        id_or_reference: String,
        #[arg(long, value_name = "FILE", required_unless_present = "svg", conflicts_with = "svg")]
        png: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
    },
}

#[derive(Args)]
pub struct CreateArgs {
    #[arg(long)]
    pub provider: Option<String>,
    /// As a person types it: 1500, 1,500.50 …
    #[arg(long, allow_hyphen_values = true)]
    pub amount: String,
    #[arg(long)]
    pub currency: Option<String>,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub description: Option<String>,
    /// test or live (default: the `mode` setting, else the only key set, else test).
    #[arg(long)]
    pub mode: Option<String>,
    /// Make it even though a like sale (same customer, amount, currency) was made moments ago.
    #[arg(long)]
    pub again: bool,
    #[arg(long)]
    pub json: bool,
}

/// The history's filters, shared by `link list` and `link export`.
#[derive(Args)]
pub struct FilterArgs {
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub provider: Option<String>,
    #[arg(long)]
    pub mode: Option<String>,
    /// Matches email, description and reference.
    #[arg(long)]
    pub search: Option<String>,
    /// Only sales made at this till (its name, as `paydesk hub status` shows it, or its id).
    #[arg(long)]
    pub till: Option<String>,
}

#[derive(Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The CSV file to write; it appears only once complete (an existing one is replaced).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Subcommand)]
pub enum ConfigCmd {
    Get { key: String },
    Set { key: String, value: String },
    /// Forget a setting so its default applies again.
    Unset { key: String },
    List {
        #[arg(long)]
        json: bool,
    },
}

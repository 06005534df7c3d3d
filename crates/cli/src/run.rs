//! Each command: turn arguments into a core call, print the result.

use crate::args::{Cli, Command, ConfigCmd, CreateArgs, ExportArgs, FilterArgs, HubCmd, KeyCmd, LinkCmd, ListArgs, ReportCmd, SaleCmd};
use crate::print;
use crate::say::{self, t};
use crate::progress::{self, Line};
use crate::secrets::Secrets;
use paydesk_core::desk::{CreateInput, Desk, ShareInput};
use paydesk_core::settings::Environment;
use paydesk_core::store::LinkQuery;
use paydesk_core::vault::KeyringVault;
use paydesk_core::i18n::Msg;
use paydesk_core::{qr, Error, Result};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub async fn run(cli: Cli, env: Environment) -> Result<()> {
    let data_dir = match cli.data_dir {
        Some(d) => d,
        None => Desk::default_data_dir(&env)?,
    };
    std::fs::create_dir_all(&data_dir).map_err(|e| Error::io(cannot("cli-cannot-create", &data_dir, e)))?;
    paydesk_core::log::init(&data_dir, &env, "paydesk");
    // Before the history is opened: a restore replaces the file itself.
    if let Command::Restore { file } = &cli.command {
        return crate::shop::restore(&data_dir, file);
    }
    // Bringing a large old history up to date (its search index) takes a while: say so.
    let desk = Desk::open_noting(&data_dir, Arc::new(KeyringVault::from_env(&env)), env, &|m| eprintln!("{m}"))?;
    match cli.command {
        Command::Key(cmd) => key(&desk, cmd),
        Command::Link(cmd) => link(&desk, cmd).await,
        Command::Config(cmd) => config(&desk, cmd),
        Command::Sale(cmd) => sale(&desk, cmd).await,
        Command::Hub(cmd) => hub(&desk, cmd).await,
        Command::Sync { json } => {
            let report = desk.sync().await?;
            if json {
                print::json(&report);
            } else {
                let done = Msg::new("cli-sync-done").num("sent", report.pushed as i64).num("received", report.pulled as i64);
                outln!("{}", say::msg(done.num("new", report.applied as i64).num("waiting", report.state.waiting as i64)));
            }
            Ok(())
        }
        Command::Report(ReportCmd::Day { date, json }) => crate::report::day(&desk, date, json),
        Command::Report(ReportCmd::Range { from, to, json }) => crate::report::range(&desk, &from, &to, json),
        Command::Report(ReportCmd::Sales { date, json }) => crate::daylist::sales(&desk, date, json),
        Command::Backup { file } => {
            desk.backup(&file)?;
            outln!("{}", say::msg(Msg::new("cli-backup-done").text("file", file.display().to_string())));
            Ok(())
        }
        Command::Restore { .. } => unreachable!("handled before the history is opened"),
        Command::Pin(cmd) => crate::refund::pin(&desk, cmd),
        Command::Preset(cmd) => crate::shop::preset(&desk, cmd),
    }
}

fn key(desk: &Desk, cmd: KeyCmd) -> Result<()> {
    match cmd {
        KeyCmd::Set { provider, mode } => {
            let provider: paydesk_core::link::ProviderId = provider.parse()?;
            let mode = mode.map(|m| m.parse()).transpose()?;
            let mut secrets = Secrets::new();
            let pin = secrets.pin(desk.has_pin()?)?;
            let prompt = say::msg(Msg::new("cli-key-prompt").text("provider", provider.to_string()));
            let secret = secrets.read(&format!("{prompt} "))?.ok_or_else(|| Error::invalid_msg("key", Msg::new("cli-key-none-piped")))?;
            let status = desk.set_key(provider, mode, secret, pin.as_ref())?;
            let stored = Msg::new("cli-key-stored").text("provider", status.provider.to_string()).text("mode", status.mode.to_string());
            outln!("{}", say::msg(stored.text("last4", status.last4.unwrap_or_default())));
            Ok(())
        }
        KeyCmd::List { json } => {
            let keys = desk.list_keys()?;
            if json {
                print::json(&keys);
            } else {
                print::keys(&keys);
            }
            Ok(())
        }
        KeyCmd::Delete { provider, mode } => {
            let (provider, mode) = (provider.parse()?, mode.parse()?);
            let pin = Secrets::new().pin(desk.has_pin()?)?;
            let id = if desk.delete_key(provider, mode, pin.as_ref())? { "cli-key-deleted" } else { "cli-key-absent" };
            outln!("{}", say::msg(Msg::new(id).text("provider", provider.to_string()).text("mode", mode.to_string())));
            Ok(())
        }
    }
}

async fn link(desk: &Desk, cmd: LinkCmd) -> Result<()> {
    match cmd {
        LinkCmd::Create(a) => create(desk, a).await,
        LinkCmd::List(a) => list(desk, a),
        LinkCmd::Export(a) => export(desk, a).await,
        LinkCmd::Show { id_or_reference, json } => {
            let d = desk.details(&id_or_reference)?;
            if json {
                print::json(&print::Shown::from(&d));
            } else {
                print::details(&d);
            }
            Ok(())
        }
        LinkCmd::Verify { id_or_reference: Some(id), json, .. } => {
            let link = desk.verify(&id).await?;
            print::link_out(&link, json, false);
            Ok(())
        }
        LinkCmd::Verify { id_or_reference: None, json, .. } => {
            let line = std::sync::Mutex::new(Line::stderr());
            let summary = desk
                .verify_open(|p| {
                    let text = progress::of("cli-progress-verify", p.done as u64, p.total as u64);
                    line.lock().unwrap_or_else(std::sync::PoisonError::into_inner).show(&text);
                })
                .await;
            line.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).finish();
            let summary = summary?;
            if json {
                print::json(&summary);
            } else {
                print::summary(&summary);
            }
            if summary.errors.is_empty() {
                Ok(())
            } else {
                let failed = Msg::new("cli-verify-failed").num("failed", summary.errors.len() as i64).num("checked", summary.checked as i64);
                Err(Error::io(failed))
            }
        }
        LinkCmd::Retry { id_or_reference, json } => {
            let stopped = || Msg::new("cli-stopped-retry").text("link", id_or_reference.clone());
            let link = until_interrupted(desk.retry(&id_or_reference), stopped).await?;
            print::link_out(&link, json, true);
            Ok(())
        }
        LinkCmd::Share { id_or_reference, to, name, message, json } => {
            let op = desk.share(&id_or_reference, &ShareInput { to, name, message }).await?;
            if json {
                print::json(&op);
            } else {
                outln!("{}", say::msg(Msg::new("cli-shared").text("link", id_or_reference).text("request", op.request.to_string())));
            }
            Ok(())
        }
        LinkCmd::Refund { id_or_reference, amount, reason, json } => crate::refund::refund(desk, &id_or_reference, amount, reason, json).await,
        LinkCmd::Cancel { id_or_reference, json } => {
            let link = desk.cancel(&id_or_reference).await?;
            print::link_out(&link, json, false);
            Ok(())
        }
        LinkCmd::Qr { id_or_reference, png, svg } => {
            let link = desk.get(&id_or_reference)?;
            let no_page = || Error::conflict(Msg::new("cli-qr-no-page").num("link", link.id).msg("status", Msg::new("cli-status").text("status", link.status.to_string())));
            let url = link.url.as_deref().ok_or_else(no_page)?;
            if !link.status.is_pending() {
                return Err(Error::conflict(Msg::new("error-not-handed-out").num("link", link.id).msg("status", link.status.word())));
            }
            let (path, bytes) = match (png, svg) {
                (Some(p), _) => (p, qr::png(url)?),
                (None, Some(p)) => (p, qr::svg(url)?.into_bytes()),
                (None, None) => unreachable!("clap requires --png or --svg"),
            };
            std::fs::write(&path, bytes).map_err(|e| Error::io(cannot("cli-cannot-write", &path, e)))?;
            outln!("{}", say::msg(Msg::new("cli-qr-saved").num("link", link.id).text("file", path.display().to_string())));
            Ok(())
        }
    }
}

async fn create(desk: &Desk, a: CreateArgs) -> Result<()> {
    let input = CreateInput {
        provider: a.provider,
        amount: a.amount,
        currency: a.currency,
        email: a.email,
        description: a.description,
        mode: a.mode,
        // Typed as people write amounts in the CLI's language: `1 500,50` in French.
        number_style: Some(say::style()),
        again: a.again,
    };
    // Recorded first, so an interruption can say which link the sale is saved as.
    let recorded = desk.record(&input).await?;
    let (id, provider) = (recorded.link.id, recorded.link.provider);
    let stopped = || Msg::new("cli-stopped-create").num("link", id).text("provider", provider.to_string());
    let link = until_interrupted(desk.send(recorded), stopped).await?;
    print::link_out(&link, a.json, true);
    Ok(())
}

/// Runs `work` until it ends or the person presses Ctrl-C. On Ctrl-C the work is dropped at once
/// (its lease given back; were even that lost, the next retry finds this process gone) and
/// `said()` tells what was kept.
async fn until_interrupted<T>(work: impl std::future::Future<Output = Result<T>>, said: impl FnOnce() -> Msg) -> Result<T> {
    tokio::select! {
        done = work => done,
        _ = tokio::signal::ctrl_c() => Err(Error::interrupted(said())),
    }
}

fn list(desk: &Desk, a: ListArgs) -> Result<()> {
    let query = LinkQuery { limit: Some(a.limit), ..filters(desk, a.filters)? };
    let page = desk.list(&query)?;
    if a.json {
        print::json(&page.links);
    } else {
        print::table(&page);
    }
    Ok(())
}

/// Streams the filtered history to a file on the blocking pool; Ctrl-C cancels it, and the
/// export's temporary file is gone before the process ends.
async fn export(desk: &Desk, a: ExportArgs) -> Result<()> {
    let query = filters(desk, a.filters)?;
    let cancel = Arc::new(AtomicBool::new(false));
    let (stop, path, desk) = (cancel.clone(), a.file.clone(), desk.clone());
    let mut work = tokio::spawn(async move {
        desk.blocking(move |d| {
            let mut line = Line::stderr();
            let rows = d.export_csv_file(&query, &path, &mut |p| line.show(&progress::of("cli-progress-export", p.written, p.total)), &stop);
            line.finish();
            rows
        })
        .await
    });
    let joined = tokio::select! {
        done = &mut work => done,
        _ = tokio::signal::ctrl_c() => {
            cancel.store(true, Ordering::Relaxed);
            work.await
        }
    };
    let rows = joined.map_err(|e| Error::io(Msg::new("cli-export-broke").text("error", e.to_string())))??;
    let done = Msg::new("cli-exported").num("count", rows as i64).text("rows", say::count(rows)).text("file", a.file.display().to_string());
    outln!("{}", say::msg(done));
    Ok(())
}

/// `list`'s filters as the core's query (words parsed by the core, so a bad one names its field).
fn filters(desk: &Desk, f: FilterArgs) -> Result<LinkQuery> {
    let FilterArgs { status, provider, mode, search, till } = f;
    let till = till.filter(|t| !t.trim().is_empty()).map(|t| desk.till_named(&t)).transpose()?;
    Ok(LinkQuery {
        till,
        status: status.map(|s| s.parse()).transpose()?,
        provider: provider.map(|s| s.parse()).transpose()?,
        mode: mode.map(|s| s.parse()).transpose()?,
        search: search.filter(|s| !s.trim().is_empty()),
        before_id: None,
        limit: None,
        sales_only: false,
    })
}

async fn hub(desk: &Desk, cmd: HubCmd) -> Result<()> {
    match cmd {
        HubCmd::Set => {
            let url = Secrets::new()
                .read(&format!("{} ", t("cli-hub-prompt")))?
                .ok_or_else(|| Error::invalid_msg("url", Msg::new("cli-hub-none-piped")))?;
            desk.set_hub_url(url)?;
            outln!("{}", t("cli-hub-stored"));
        }
        HubCmd::Init => {
            let version = desk.hub_init().await?;
            outln!("{}", say::msg(Msg::new("hub-init-done").text("version", version.to_string())));
        }
        HubCmd::Status { json } => {
            let s = desk.hub_status()?;
            if json {
                print::json(&s);
            } else {
                let never = || t("cli-hub-never");
                let set_up = || say::msg(Msg::new("cli-hub-set-up").text("source", s.source.unwrap_or("keyring")));
                outln!("{}{}", say::label("cli-label-hub"), if s.configured { set_up() } else { t("cli-hub-not-set-up") });
                outln!("{}{} ({})", say::label("cli-label-till"), s.till_name, s.till_id);
                outln!("{}{}", say::label("cli-label-last-push"), s.state.last_push.as_deref().map(say::stored_time).unwrap_or_else(never));
                outln!("{}{}", say::label("cli-label-last-pull"), s.state.last_pull.as_deref().map(say::stored_time).unwrap_or_else(never));
                outln!("{}{}", say::label("cli-label-waiting"), say::msg(Msg::new("cli-hub-waiting").num("waiting", s.state.waiting as i64)));
            }
        }
    }
    Ok(())
}

async fn sale(desk: &Desk, cmd: SaleCmd) -> Result<()> {
    match cmd {
        SaleCmd::Show { id, json } => {
            let sale = desk.sale(&id)?;
            if json {
                print::json(&sale);
            } else {
                print::sale(&sale);
            }
        }
        SaleCmd::Failover { id, provider, json } => {
            let sale = desk.sale(&id)?;
            let no_attempt = || Error::conflict(Msg::new("cli-sale-no-attempt").num("sale", sale.id));
            let current = sale.current_link_id.ok_or_else(no_attempt)?;
            let stopped = || Msg::new("cli-stopped-failover").num("sale", sale.id);
            let link = until_interrupted(desk.failover(&current.to_string(), &provider), stopped).await?;
            print::link_out(&link, json, true);
        }
    }
    Ok(())
}

fn config(desk: &Desk, cmd: ConfigCmd) -> Result<()> {
    match cmd {
        ConfigCmd::Get { key } => outln!("{}", desk.config_get(&key)?.value.unwrap_or_default()),
        ConfigCmd::Set { key, value } => print::setting(&desk.config_set(&key, &value)?),
        ConfigCmd::Unset { key } => print::setting(&desk.config_unset(&key)?),
        ConfigCmd::List { json } => {
            let all = desk.config_list()?;
            if json {
                print::json(&all);
            } else {
                all.iter().for_each(print::setting);
            }
        }
    }
    Ok(())
}

/// `Cannot write FILE: why`, in the CLI's language.
fn cannot(id: &'static str, path: &std::path::Path, e: std::io::Error) -> Msg {
    Msg::new(id).text("file", path.display().to_string()).text("error", e.to_string())
}

//! Each command: turn arguments into a core call, print the result.

use crate::args::{Cli, Command, ConfigCmd, CreateArgs, ExportArgs, FilterArgs, HubCmd, KeyCmd, LinkCmd, ListArgs, ReportCmd, SaleCmd};
use crate::print;
use crate::progress::{self, Line};
use crate::secrets::Secrets;
use paydesk_core::desk::{CreateInput, Desk, ShareInput};
use paydesk_core::settings::Environment;
use paydesk_core::store::LinkQuery;
use paydesk_core::vault::KeyringVault;
use paydesk_core::{qr, Error, Result};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub async fn run(cli: Cli, env: Environment) -> Result<()> {
    let data_dir = match cli.data_dir {
        Some(d) => d,
        None => Desk::default_data_dir(&env)?,
    };
    std::fs::create_dir_all(&data_dir).map_err(|e| Error::Io(format!("Cannot create {}: {e}", data_dir.display()).into()))?;
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
                outln!(
                    "Synced with the hub: {} sent, {} received ({} new here); {} waiting.",
                    report.pushed, report.pulled, report.applied, report.state.waiting
                );
            }
            Ok(())
        }
        Command::Report(ReportCmd::Day { date, json }) => crate::report::day(&desk, date, json),
        Command::Report(ReportCmd::Range { from, to, json }) => crate::report::range(&desk, &from, &to, json),
        Command::Backup { file } => {
            desk.backup(&file)?;
            outln!("Backed up the history to {}. API keys are not in it: they stay in the OS keyring.", file.display());
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
            let provider = provider.parse()?;
            let mode = mode.map(|m| m.parse()).transpose()?;
            let mut secrets = Secrets::new();
            let pin = secrets.pin(desk.has_pin()?)?;
            let secret = secrets.read(&format!("Paste the {provider} secret key, then press Enter: "))?.ok_or_else(|| {
                Error::invalid("key", "No key on standard input: pipe it in, e.g. `printf %s \"$KEY\" | paydesk key set paystack`.")
            })?;
            let status = desk.set_key(provider, mode, secret, pin.as_ref())?;
            outln!("Stored the {} {} key (…{}) in the OS keyring.", status.provider, status.mode, status.last4.unwrap_or_default());
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
            if desk.delete_key(provider, mode, pin.as_ref())? {
                outln!("Deleted the {provider} {mode} key from the OS keyring.");
            } else {
                outln!("There was no {provider} {mode} key in the OS keyring.");
            }
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
                    let text = progress::of("Verifying open links", p.done as u64, p.total as u64, "checked");
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
                Err(Error::Io(format!("{} of {} links could not be verified.", summary.errors.len(), summary.checked).into()))
            }
        }
        LinkCmd::Retry { id_or_reference, json } => {
            let link = until_interrupted(desk.retry(&id_or_reference), || {
                format!("Stopped. Link {id_or_reference} is still waiting to be made: run `paydesk link retry {id_or_reference}` again to finish it.")
            })
            .await?;
            print::link_out(&link, json, true);
            Ok(())
        }
        LinkCmd::Share { id_or_reference, to, name, message, json } => {
            let op = desk.share(&id_or_reference, &ShareInput { to, name, message }).await?;
            if json {
                print::json(&op);
            } else {
                outln!("Sent link {} by e-mail through the provider: {}", id_or_reference, op.request);
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
            let url = link.url.as_deref().ok_or_else(|| Error::Conflict(format!("Link {} has no payment page yet ({}).", link.id, link.status).into()))?;
            let (path, bytes) = match (png, svg) {
                (Some(p), _) => (p, qr::png(url)?),
                (None, Some(p)) => (p, qr::svg(url)?.into_bytes()),
                (None, None) => unreachable!("clap requires --png or --svg"),
            };
            std::fs::write(&path, bytes).map_err(|e| Error::Io(format!("Cannot write {}: {e}", path.display()).into()))?;
            outln!("Saved the QR code of link {} to {}.", link.id, path.display());
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
        number_style: None,
        again: a.again,
    };
    // Recorded first, so an interruption can say which link the sale is saved as.
    let recorded = desk.record(&input).await?;
    let (id, provider) = (recorded.link.id, recorded.link.provider);
    let link = until_interrupted(desk.send(recorded), || {
        format!(
            "Stopped. The sale is saved as link {id}, and {provider} may or may not have made its link yet. \
             Finish it with `paydesk link retry {id}`: it looks the sale up first, so it never makes a second link."
        )
    })
    .await?;
    print::link_out(&link, a.json, true);
    Ok(())
}

/// Runs `work` until it ends or the person presses Ctrl-C. On Ctrl-C the work is dropped at once
/// (its lease given back; were even that lost, the next retry finds this process gone) and
/// `said()` tells what was kept.
async fn until_interrupted<T>(work: impl std::future::Future<Output = Result<T>>, said: impl FnOnce() -> String) -> Result<T> {
    tokio::select! {
        done = work => done,
        _ = tokio::signal::ctrl_c() => Err(Error::Interrupted(said().into())),
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
            let rows = d.export_csv_file(&query, &path, &mut |p| line.show(&progress::of("Exporting", p.written, p.total, "rows")), &stop);
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
    let rows = joined.map_err(|e| Error::Io(format!("The export stopped unexpectedly ({e}): no file was written.").into()))??;
    outln!("Exported {} link{} to {}.", progress::thousands(rows), if rows == 1 { "" } else { "s" }, a.file.display());
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
            let url = Secrets::new().read("Paste the hub's connection URL (postgresql://…), then press Enter: ")?.ok_or_else(|| {
                Error::invalid("url", "No address on standard input: pipe it in, e.g. `printf %s \"$HUB_URL\" | paydesk hub set`.")
            })?;
            desk.set_hub_url(url)?;
            outln!("Stored the hub's address in the OS keyring. Next: `paydesk hub init` once per shop, then `paydesk sync`.");
        }
        HubCmd::Init => {
            let version = desk.hub_init().await?;
            outln!("The hub is set up (schema {version}).");
        }
        HubCmd::Status { json } => {
            let s = desk.hub_status()?;
            if json {
                print::json(&s);
            } else {
                let never = || "never".to_string();
                outln!("Hub:        {}", if s.configured { format!("set up (from the {})", s.source.unwrap_or("keyring")) } else { "not set up".into() });
                outln!("This till:  {} ({})", s.till_name, s.till_id);
                outln!("Last push:  {}", s.state.last_push.clone().unwrap_or_else(never));
                outln!("Last pull:  {}", s.state.last_pull.clone().unwrap_or_else(never));
                outln!("Waiting:    {} change(s) not sent yet", s.state.waiting);
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
            let current = sale.current_link_id.ok_or_else(|| Error::Conflict(format!("Sale {} has no attempt yet.", sale.id).into()))?;
            let link = until_interrupted(desk.failover(&current.to_string(), &provider), || {
                format!("Stopped. The new attempt is saved: finish it with `paydesk link retry` on the sale's latest link (`paydesk sale show {}`).", sale.id)
            })
            .await?;
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

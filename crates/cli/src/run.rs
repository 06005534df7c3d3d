//! Each command: turn arguments into a core call, print the result.

use crate::args::{Cli, Command, ConfigCmd, CreateArgs, ExportArgs, KeyCmd, LinkCmd, ListArgs};
use crate::print;
use crate::progress::{self, Line};
use paydesk_core::desk::{CreateInput, Desk, ShareInput};
use paydesk_core::settings::Environment;
use paydesk_core::store::LinkQuery;
use paydesk_core::vault::KeyringVault;
use paydesk_core::{qr, Error, Result};
use secrecy::SecretString;
use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub async fn run(cli: Cli, env: Environment) -> Result<()> {
    let data_dir = match cli.data_dir {
        Some(d) => d,
        None => Desk::default_data_dir(&env)?,
    };
    std::fs::create_dir_all(&data_dir).map_err(|e| Error::Io(format!("Cannot create {}: {e}", data_dir.display())))?;
    paydesk_core::log::init(&data_dir, &env, "paydesk");
    // Bringing a large old history up to date (its search index) takes a while: say so.
    let desk = Desk::open_noting(&data_dir, Arc::new(KeyringVault::from_env(&env)), env, &|m| eprintln!("{m}"))?;
    match cli.command {
        Command::Key(cmd) => key(&desk, cmd),
        Command::Link(cmd) => link(&desk, cmd).await,
        Command::Config(cmd) => config(&desk, cmd),
    }
}

fn key(desk: &Desk, cmd: KeyCmd) -> Result<()> {
    match cmd {
        KeyCmd::Set { provider, mode } => {
            let provider = provider.parse()?;
            let mode = mode.map(|m| m.parse()).transpose()?;
            let secret = read_secret(&format!("Paste the {provider} secret key, then press Enter: "))?;
            let status = desk.set_key(provider, mode, secret)?;
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
            if desk.delete_key(provider, mode)? {
                outln!("Deleted the {provider} {mode} key from the OS keyring.");
            } else {
                outln!("There was no {provider} {mode} key in the OS keyring.");
            }
            Ok(())
        }
    }
}

/// Reads a secret from standard input: without echo on a terminal, else the whole stream.
fn read_secret(prompt: &str) -> Result<SecretString> {
    let stdin = std::io::stdin();
    let text = if stdin.is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| Error::Io(format!("Could not read the key: {e}")))?
    } else {
        let mut s = String::new();
        stdin.lock().read_to_string(&mut s).map_err(|e| Error::Io(format!("Could not read the key from standard input: {e}")))?;
        s
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(Error::invalid("key", "No key on standard input: pipe it in, e.g. `printf %s \"$KEY\" | paydesk key set paystack`."));
    }
    Ok(SecretString::from(text))
}

async fn link(desk: &Desk, cmd: LinkCmd) -> Result<()> {
    match cmd {
        LinkCmd::Create(a) => create(desk, a).await,
        LinkCmd::List(a) => list(desk, a),
        LinkCmd::Export(a) => export(desk, a).await,
        LinkCmd::Show { id_or_reference, json } => {
            let d = desk.details(&id_or_reference)?;
            if json {
                print::json(&d.link);
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
                Err(Error::Io(format!("{} of {} links could not be verified.", summary.errors.len(), summary.checked)))
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
        LinkCmd::Cancel { id_or_reference, json } => {
            let link = desk.cancel(&id_or_reference).await?;
            print::link_out(&link, json, false);
            Ok(())
        }
        LinkCmd::Qr { id_or_reference, png, svg } => {
            let link = desk.get(&id_or_reference)?;
            let url = link.url.as_deref().ok_or_else(|| Error::Conflict(format!("Link {} has no payment page yet ({}).", link.id, link.status)))?;
            let (path, bytes) = match (png, svg) {
                (Some(p), _) => (p, qr::png(url)?),
                (None, Some(p)) => (p, qr::svg(url)?.into_bytes()),
                (None, None) => unreachable!("clap requires --png or --svg"),
            };
            std::fs::write(&path, bytes).map_err(|e| Error::Io(format!("Cannot write {}: {e}", path.display())))?;
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
        _ = tokio::signal::ctrl_c() => Err(Error::Interrupted(said())),
    }
}

fn list(desk: &Desk, a: ListArgs) -> Result<()> {
    let query = LinkQuery { limit: Some(a.limit), ..filters(a.status, a.provider, a.mode, a.search)? };
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
    let query = filters(a.status, a.provider, a.mode, a.search)?;
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
    let rows = joined.map_err(|e| Error::Io(format!("The export stopped unexpectedly ({e}): no file was written.")))??;
    outln!("Exported {} link{} to {}.", progress::thousands(rows), if rows == 1 { "" } else { "s" }, a.file.display());
    Ok(())
}

/// `list`'s filters as the core's query (words parsed by the core, so a bad one names its field).
fn filters(status: Option<String>, provider: Option<String>, mode: Option<String>, search: Option<String>) -> Result<LinkQuery> {
    Ok(LinkQuery {
        status: status.map(|s| s.parse()).transpose()?,
        provider: provider.map(|s| s.parse()).transpose()?,
        mode: mode.map(|s| s.parse()).transpose()?,
        search: search.filter(|s| !s.trim().is_empty()),
        before_id: None,
        limit: None,
    })
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

//! `paydesk link refund` and `paydesk pin …`.

use crate::args::PinCmd;
use crate::print;
use crate::secrets::Secrets;
use paydesk_core::desk::{Desk, RefundInput};
use paydesk_core::{Error, Result};

pub async fn refund(desk: &Desk, id: &str, amount: Option<String>, reason: Option<String>, json: bool) -> Result<()> {
    // Checked before the PIN is asked for: a link that cannot be refunded costs no PIN try.
    desk.refund_preflight(id)?;
    let pin = Secrets::new().pin(desk.has_pin()?)?;
    let done = desk.refund(id, &RefundInput { amount, reason, number_style: None }, pin).await?;
    if json {
        print::json(&done);
    } else {
        print::refunded(&done);
    }
    Ok(())
}

pub fn pin(desk: &Desk, cmd: PinCmd) -> Result<()> {
    let mut secrets = Secrets::new();
    match cmd {
        PinCmd::Set => {
            let current = secrets.pin(desk.has_pin()?)?;
            let new = secrets
                .read("New manager PIN (4 to 12 digits): ")?
                .ok_or_else(|| Error::invalid("new_pin", "No new PIN given: type it when asked, or pipe it in on standard input."))?;
            desk.set_pin(current.as_ref(), &new)?;
            outln!("The manager PIN is set: paydesk asks for it before a refund and before an API key is changed.");
        }
        PinCmd::Clear => {
            if !desk.has_pin()? {
                outln!("No manager PIN is set.");
                return Ok(());
            }
            let current = secrets.pin(true)?.expect("asked for");
            desk.clear_pin(&current)?;
            outln!("The manager PIN is cleared.");
        }
        PinCmd::Status { json } => {
            let status = desk.pin_status()?;
            if json {
                print::json(&status);
            } else if let Some(secs) = status.locked_for_secs {
                outln!("A manager PIN is set; after too many wrong tries, PIN entry waits another {secs} s.");
            } else if status.set {
                outln!("A manager PIN is set.");
            } else {
                outln!("No manager PIN is set.");
            }
        }
    }
    Ok(())
}

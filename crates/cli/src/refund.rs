//! `paydesk link refund` and `paydesk pin …`.

use crate::args::PinCmd;
use crate::print;
use crate::say::{self, t};
use crate::secrets::Secrets;
use paydesk_core::i18n::Msg;
use paydesk_core::desk::{Desk, RefundInput};
use paydesk_core::{Error, Result};

pub async fn refund(desk: &Desk, id: &str, amount: Option<String>, reason: Option<String>, json: bool) -> Result<()> {
    // Checked before the PIN is asked for: a link that cannot be refunded costs no PIN try.
    desk.refund_preflight(id)?;
    let pin = Secrets::new().pin(desk.has_pin()?)?;
    let done = desk.refund(id, &RefundInput { amount, reason, number_style: Some(say::style()) }, pin).await?;
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
                .read(&format!("{} ", t("cli-pin-new-prompt")))?
                .ok_or_else(|| Error::invalid_msg("new_pin", Msg::new("cli-pin-none-new")))?;
            desk.set_pin(current.as_ref(), &new)?;
            outln!("{}", t("cli-pin-set-done"));
        }
        PinCmd::Clear => {
            if !desk.has_pin()? {
                outln!("{}", t("cli-pin-none"));
                return Ok(());
            }
            let current = secrets.pin(true)?.expect("asked for");
            desk.clear_pin(&current)?;
            outln!("{}", t("cli-pin-cleared"));
        }
        PinCmd::Status { json } => {
            let status = desk.pin_status()?;
            if json {
                print::json(&status);
            } else if let Some(secs) = status.locked_for_secs {
                outln!("{}", say::msg(Msg::new("cli-pin-locked").num("secs", secs as i64)));
            } else if status.set {
                outln!("{}", t("cli-pin-is-set"));
            } else {
                outln!("{}", t("cli-pin-none"));
            }
        }
    }
    Ok(())
}

//! The fake's stand-in for `pay.dojo.tech/checkout/{id}`: shows the amount and reference with a
//! "Pay (test)" button posting to `/checkout/{id}/pay`, so a person demoing the app can play the
//! customer in a browser. Paying moves the intent to `Captured`, or to `Authorized` when its
//! capture mode is `Manual` (the merchant then captures it). Not an API route: never counted
//! or faulted.

use super::{Dojo, Intent};
use crate::http::{Request, Response};
use crate::text::{escape_html, layout};

/// Answer a `/checkout/...` request, or `None` for any other path.
pub(super) fn handle(dojo: &Dojo, req: &Request) -> Option<Response> {
    let rest = req.path.strip_prefix("/checkout/")?;
    let (id, action) = match rest.split_once('/') {
        Some((id, action)) => (id, Some(action)),
        None => (rest, None),
    };
    // Copy what we need and let go of the lock: `set_status` takes it again.
    let Some(intent) = dojo.ledger().find(id).cloned() else {
        return Some(Response::html(
            404,
            layout("Not found", "<p>No payment intent has this id.</p>"),
        ));
    };
    let here = format!("/checkout/{}", intent.id);
    Some(match (req.method.as_str(), action) {
        ("GET", None) => Response::html(200, page(&intent, &here)),
        ("POST", Some("pay")) => {
            // Once paid, cancelled or expired, the button does nothing.
            if intent.status == "Created" {
                let next = if intent.capture_mode == "Manual" {
                    "Authorized"
                } else {
                    "Captured"
                };
                dojo.set_status(&intent.id, next);
            }
            Response::redirect(&here)
        }
        _ => Response::html(
            405,
            layout("Method not allowed", "<p>Use the button on the page.</p>"),
        ),
    })
}

fn page(intent: &Intent, here: &str) -> String {
    let amount = format!(
        "{} {}.{:02}",
        intent.currency,
        intent.amount / 100,
        intent.amount % 100
    );
    let mut body = format!(
        "<p class=\"amount\">{}</p>\n<p>{}</p>\n<p>Reference <code>{}</code> · status <b>{}</b></p>\n",
        escape_html(&amount),
        escape_html(intent.description.as_deref().unwrap_or("")),
        escape_html(&intent.reference),
        escape_html(&intent.status),
    );
    if intent.status == "Created" {
        body.push_str(&format!(
            "<form method=\"post\" action=\"{}/pay\"><button>Pay (test)</button></form>\n",
            escape_html(here)
        ));
    }
    layout("Fake Dojo checkout", &body)
}


//! The fake's stand-in for `checkout.paystack.com`: `GET /checkout/{access_code}` shows the
//! amount with two buttons, "Pay (test)" and "Decline (test)", posting to
//! `/checkout/{access_code}/pay` or `/decline`, so a person demoing the app can play the customer
//! in a browser. Not an API route: never counted or faulted.

use super::{Paystack, Transaction};
use crate::http::{Request, Response};
use crate::text::{escape_html, layout, safe_location};

/// Answer a `/checkout/...` request, or `None` for any other path.
pub(super) fn handle(paystack: &Paystack, req: &Request) -> Option<Response> {
    let rest = req.path.strip_prefix("/checkout/")?;
    let (access_code, action) = match rest.split_once('/') {
        Some((code, action)) => (code, Some(action)),
        None => (rest, None),
    };
    // Copy what we need and let go of the lock: `set_status` takes it again.
    let tx = paystack
        .ledger()
        .transactions
        .iter()
        .find(|t| t.access_code == access_code)
        .cloned();
    let Some(tx) = tx else {
        return Some(Response::html(
            404,
            layout("Not found", "<p>No transaction has this access code.</p>"),
        ));
    };
    let here = format!("/checkout/{}", tx.access_code);
    Some(match (req.method.as_str(), action) {
        ("GET", None) => Response::html(200, page(&tx, &here)),
        ("POST", Some(action @ ("pay" | "decline"))) => {
            // The URL serves one transaction only: once decided, the buttons do nothing.
            if tx.status != "abandoned" {
                return Some(Response::redirect(&here));
            }
            let paid = action == "pay";
            paystack.set_status(&tx.reference, if paid { "success" } else { "failed" });
            match tx
                .callback_url
                .as_deref()
                .filter(|url| paid && safe_location(url))
            {
                // What Paystack does after a successful payment.
                Some(url) => {
                    let glue = if url.contains('?') { '&' } else { '?' };
                    let r = &tx.reference;
                    Response::redirect(&format!("{url}{glue}trxref={r}&reference={r}"))
                }
                None => Response::redirect(&here),
            }
        }
        _ => Response::html(
            405,
            layout("Method not allowed", "<p>Use the buttons on the page.</p>"),
        ),
    })
}

fn page(tx: &Transaction, here: &str) -> String {
    let amount = crate::text::money(tx.amount, &tx.currency);
    let mut body = format!(
        "<p class=\"amount\">{}</p>\n<p>{}</p>\n<p>Reference <code>{}</code> · status <b>{}</b></p>\n",
        escape_html(&amount),
        escape_html(&tx.email),
        escape_html(&tx.reference),
        escape_html(&tx.status),
    );
    if tx.status == "abandoned" {
        let here = escape_html(here);
        body.push_str(&format!(
            "<form method=\"post\" action=\"{here}/pay\"><button>Pay (test)</button></form>\n\
             <form method=\"post\" action=\"{here}/decline\"><button>Decline (test)</button></form>\n"
        ));
    }
    layout("Fake Paystack checkout", &body)
}


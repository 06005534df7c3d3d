//! The fake's stand-in for Payroc's hosted page, at each link's `paymentUrl`
//! (`/merchant/pay-by-link?token=…`): the amount with "Pay (test)" and "Decline (test)" buttons,
//! so a person demoing the app can play the customer. Paying completes the single-use link with
//! an approved payment; declining records a declined one and leaves the link payable. Not an API
//! route: never counted or faulted.

use super::wire::{id_code, query};
use super::{Payment, Payroc};
use crate::http::{Request, Response};
use crate::text::{escape_html, layout};

const PAGE: &str = "/merchant/pay-by-link";

/// Answer a checkout request, or `None` for any other path.
pub(super) fn handle(payroc: &Payroc, req: &Request) -> Option<Response> {
    let action = match req.path.strip_prefix(PAGE)? {
        "" => None,
        "/pay" => Some(true),
        "/decline" => Some(false),
        _ => return None,
    };
    let token = query(req)
        .into_iter()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let mut book = payroc.book();
    let n = book.next();
    let found = book
        .links
        .iter()
        .find(|l| !token.is_empty() && l.payment_url.ends_with(&format!("token={token}")))
        .map(|l| l.payment_link_id.clone());
    let Some(link) = found.and_then(|id| book.link_mut(&id)) else {
        return Some(Response::html(
            404,
            layout("Not found", "<p>This payment link does not exist.</p>"),
        ));
    };
    let here = format!("{PAGE}?token={token}");
    Some(match (req.method.as_str(), action) {
        ("GET", None) => Response::html(200, page(link, &token)),
        ("POST", Some(pay)) => {
            // Once paid, expired or deactivated, the buttons do nothing.
            if link.status == "active" {
                let code = if pay { "A" } else { "D" };
                let status = if pay { "ready" } else { "declined" };
                let payment = Payment {
                    payment_id: id_code(n + 9_000),
                    amount: link.amount,
                    currency: link.currency.clone(),
                    status: status.into(),
                    response_code: code.into(),
                    refunds: vec![],
                    reversed: 0,
                };
                link.payments.push(payment);
                if pay {
                    link.status = "completed".into();
                }
            }
            Response::redirect(&here)
        }
        _ => Response::html(
            405,
            layout("Method not allowed", "<p>Use the buttons on the page.</p>"),
        ),
    })
}

fn page(link: &super::PaymentLink, token: &str) -> String {
    let amount = crate::text::money(link.amount, &link.currency);
    let mut body = format!(
        "<p class=\"amount\">{}</p>\n<p>{}</p>\n<p>Link <code>{}</code> · reference <code>{}</code> · status <b>{}</b> · payable until {}</p>\n",
        escape_html(&amount),
        escape_html(link.description.as_deref().unwrap_or("")),
        escape_html(&link.payment_link_id),
        escape_html(&link.merchant_reference),
        escape_html(&link.status),
        escape_html(&link.expires_on),
    );
    if link.status == "active" {
        let token = escape_html(token);
        body.push_str(&format!(
            "<form method=\"post\" action=\"{PAGE}/pay?token={token}\"><button>Pay (test)</button></form>\n\
             <form method=\"post\" action=\"{PAGE}/decline?token={token}\"><button>Decline (test)</button></form>\n"
        ));
    }
    layout("Fake Payroc payment page", &body)
}


//! The fake's stand-in for Luxfin's hosted payment page: `GET /checkout/{order_id}` shows the
//! amount and product with "Pay (test)" and "Cancel (test)", posting to `/checkout/{order_id}/pay`
//! or `/cancel`, so a person demoing the app can play the customer in a browser. After paying it
//! sends the browser to the order's `redirect_url`, as the tutorial says Luxfin does. Not an API
//! route: never counted or faulted.

use super::{major, Luxfin, LuxfinOrder};
use crate::http::{Request, Response};
use crate::text::{escape_html, layout, safe_location};

/// Answer a `/checkout/...` request, or `None` for any other path.
pub(super) fn handle(luxfin: &Luxfin, req: &Request) -> Option<Response> {
    let rest = req.path.strip_prefix("/checkout/")?;
    let (order_id, action) = match rest.split_once('/') {
        Some((id, action)) => (id, Some(action)),
        None => (rest, None),
    };
    // Copy what we need and let go of the lock: `set_status` takes it again.
    let Some(order) = luxfin.book().find(order_id).cloned() else {
        return Some(Response::html(
            404,
            layout("Not found", "<p>No order has this id.</p>"),
        ));
    };
    let here = format!("/checkout/{}", order.order_id);
    Some(match (req.method.as_str(), action) {
        ("GET", None) => Response::html(200, page(&order, &here)),
        ("POST", Some(action @ ("pay" | "cancel"))) => {
            // Once decided, the buttons do nothing.
            if order.status != "PENDING" {
                return Some(Response::redirect(&here));
            }
            let paid = action == "pay";
            luxfin.set_status(&order.order_id, if paid { "SUCCESS" } else { "CANCELLED" });
            match order
                .redirect_url
                .as_deref()
                .filter(|url| paid && safe_location(url))
            {
                Some(url) => Response::redirect(url),
                None => Response::redirect(&here),
            }
        }
        _ => Response::html(
            405,
            layout("Method not allowed", "<p>Use the buttons on the page.</p>"),
        ),
    })
}

fn page(order: &LuxfinOrder, here: &str) -> String {
    let mut body = format!(
        "<p class=\"amount\">USD {}</p>\n<p>{}</p>\n<p>{}</p>\n<p>Order <code>{}</code> · status <b>{}</b></p>\n",
        major(order.amount_cents),
        escape_html(&order.product),
        escape_html(&order.customer),
        escape_html(&order.order_id),
        escape_html(&order.status),
    );
    if order.status == "PENDING" {
        let here = escape_html(here);
        body.push_str(&format!(
            "<form method=\"post\" action=\"{here}/pay\"><button>Pay (test)</button></form>\n\
             <form method=\"post\" action=\"{here}/cancel\"><button>Cancel (test)</button></form>\n"
        ));
    }
    layout("Fake Luxfin checkout", &body)
}


//! The two windows and what they may load. `main` is the counter screen; `customer` shows one
//! link's QR code to the customer, often on a second screen turned towards them.
//!
//! Neither webview ever leaves the app's own pages: a click on a provider's checkout page,
//! a `mailto:` or any other address goes to the system browser through the opener plugin, so a
//! payment page never runs with access to our IPC.

use tauri::webview::{PageLoadEvent, Url};
use tauri::{AppHandle, Manager, Runtime, Webview, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";
pub const CUSTOMER: &str = "customer";
const CUSTOMER_TITLE: &str = "paydesk — customer";

/// Whether `url` is one of the app's own pages (served from `ui/`): `tauri://localhost` on
/// Linux and macOS, `http(s)://tauri.localhost` on Windows.
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        // WebKit loads about:blank while it sets a webview up.
        "about" => url.path() == "blank",
        _ => false,
    }
}

/// The navigation policy of both windows: our pages load, web and mail addresses open in the
/// system's own browser or mail program, anything else is dropped.
fn allow_navigation(url: &Url) -> bool {
    if is_app_page(url) {
        return true;
    }
    if matches!(url.scheme(), "http" | "https" | "mailto") {
        // Only the host is logged: a checkout URL's path carries the provider's access code.
        tracing::info!(scheme = url.scheme(), host = url.host_str().unwrap_or(""), "opening outside the app");
        if let Err(e) = tauri_plugin_opener::open_url(url.as_str(), None::<&str>) {
            tracing::warn!("could not hand a link to the system browser: {e}");
        }
    } else {
        tracing::warn!(scheme = url.scheme(), "blocked a navigation");
    }
    false
}

/// Creates the main window from its entry in tauri.conf.json (marked `"create": false` there so
/// that it is made here, with the navigation policy attached).
pub fn create_main<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let config = app.config().app.windows.iter().find(|w| w.label == MAIN).cloned().unwrap_or_default();
    let window = WebviewWindowBuilder::from_config(app, &config)?
        .on_navigation(allow_navigation)
        .on_page_load(|_, payload| {
            // For a slow start's report and `make bench`: how long WebKit took to begin (and
            // finish) loading the page, counted from the process's start.
            let event = match payload.event() {
                PageLoadEvent::Started => "started",
                PageLoadEvent::Finished => "finished",
            };
            tracing::info!(ms = crate::since_start_ms(), event, "main page load");
        })
        .build()?;
    crate::drawing::tune(&window);
    tracing::info!(ms = crate::since_start_ms(), "main window created");
    Ok(())
}

/// Tells the window's web engine the locale the page formats in
/// (`paydesk_core::i18n::window_locale`) as the language the person prefers: WebKitGTK lays
/// `<input type="date">` out in its order, whatever the page's `lang`, so Today's day field reads
/// 25/12/2026 in French and not 12/25/2026. The page hears `languagechange` and redraws the field.
/// The preference belongs to the web context both windows share. WebView2 and WKWebView follow
/// the OS's settings and are left alone.
pub fn prefer_language<R: Runtime>(webview: &Webview<R>, locale: String) {
    #[cfg(target_os = "linux")]
    let told = webview.with_webview(move |view| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        if let Some(context) = view.inner().context() {
            context.set_preferred_languages(&[locale.as_str()]);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let told: tauri::Result<()> = {
        let _ = locale;
        Ok(())
    };
    if let Err(e) = told {
        tracing::warn!(window = webview.label(), "could not tell WebKit the window's language: {e}");
    }
}

/// Brings the main window to the front, as when a second copy of the app is started.
pub fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window(MAIN) {
        // Each step can fail on some window managers; the others still help.
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

/// Opens the customer window on link `id`, or re-targets and raises it when it is already open.
/// `id` is a local link id the caller has looked up, so only digits reach the URL.
pub fn open_customer<R: Runtime>(app: &AppHandle<R>, id: i64) -> tauri::Result<()> {
    let page = format!("customer.html?id={id}");
    if let Some(w) = app.get_webview_window(CUSTOMER) {
        let mut url = w.url()?;
        url.set_path("/customer.html");
        url.set_query(Some(&format!("id={id}")));
        url.set_fragment(None);
        w.navigate(url)?;
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
        return Ok(());
    }
    let window = WebviewWindowBuilder::new(app, CUSTOMER, WebviewUrl::App(page.into()))
        .title(CUSTOMER_TITLE)
        .inner_size(820.0, 760.0)
        .min_inner_size(420.0, 520.0)
        .resizable(true)
        // The UI offers a fullscreen toggle; a window that starts fullscreen could hide the
        // counter screen on a one-monitor till.
        .fullscreen(false)
        .on_navigation(allow_navigation)
        .build()?;
    crate::drawing::tune(&window);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_pages_load_in_a_window() {
        for ok in ["tauri://localhost/index.html", "http://tauri.localhost/customer.html?id=3", "about:blank"] {
            assert!(is_app_page(&ok.parse().unwrap()), "{ok}");
        }
        for no in ["https://checkout.paystack.com/abc", "tauri://evil/index.html", "file:///etc/passwd", "http://localhost:1420/", "javascript:alert(1)"] {
            assert!(!is_app_page(&no.parse().unwrap()), "{no}");
        }
    }
}

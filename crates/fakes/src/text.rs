//! Small text helpers the fakes share: HTML escaping for pages, amounts for checkout pages, percent-decoding for paths, and
//! reproducible random-looking codes (ids must not depend on a random source: tests stay
//! deterministic).

/// `XOF 1500`, `NGN 1500.50`: minor units shown with the currency's ISO decimals, as a
/// checkout page shows them (2 for a code ISO does not list).
pub fn money(minor: i64, currency: &str) -> String {
    let exp = iso_currency::Currency::from_code(currency)
        .and_then(|c| c.exponent())
        .unwrap_or(2) as usize;
    if exp == 0 {
        return format!("{currency} {minor}");
    }
    let unit = 10i64.pow(exp as u32);
    format!("{currency} {}.{:0exp$}", minor / unit, minor % unit)
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `len` lowercase letters and digits derived from `seed`: random-looking, but reproducible.
pub fn code(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed;
    (0..len)
        .map(|_| {
            // splitmix64: a fixed mixing step, no randomness involved.
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ALPHABET[((z ^ (z >> 31)) % 36) as usize] as char
        })
        .collect()
}

/// FNV-1a: a stable customer id per email address.
pub fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// `%3D` → `=`; a client may escape a reference in the path even though it need not.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page every fake's checkout shows around its own `body`, which is trusted markup: callers
/// escape everything they put in it.
pub fn layout(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}</title></head>\n<body style=\"font-family:sans-serif;max-width:28em;margin:3em auto\">\n\
         <h1>{title}</h1>\n<p><small>A local fake for testing paydesk; no money moves.</small></p>\n{body}</body></html>\n",
        title = escape_html(title),
    )
}

/// A redirect address goes into a `Location` header: refuse anything that could break the header.
pub fn safe_location(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && !url.chars().any(char::is_control)
}

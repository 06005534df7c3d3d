//! QR codes of payment links, for a customer to scan from a screen: SVG for the app, PNG for
//! files and sharing, Unicode half blocks for the terminal.
//!
//! Every rendering keeps the standard 4-module quiet zone and uses error correction level M
//! (15 %), which survives screen glare and moiré while keeping modules large for long URLs.

use crate::i18n::Msg;
use crate::{Error, Result};
use qrcode::render::{svg as qr_svg, unicode::Dense1x2};
use qrcode::types::QrError;
use qrcode::{EcLevel, QrCode};

/// The smallest width and height of [`png`] and [`svg`] output, quiet zone included: large
/// enough that a phone scans it from a screen across a counter.
pub const MIN_SIZE_PX: u32 = 600;

/// Fixed colours of the xterm 256-colour cube (16 = #000000, 231 = #ffffff): unlike the 16
/// basic colours, terminal themes do not remap them, so the code keeps its contrast everywhere.
const TERM_COLOURS: &str = "\x1b[38;5;16;48;5;231m";
const TERM_RESET: &str = "\x1b[0m";

fn encode(text: &str) -> Result<QrCode> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| match e {
        QrError::DataTooLong => Error::invalid_msg("url", Msg::new("error-qr-too-long").num("bytes", text.len() as i64)),
        other => Error::invalid_msg("url", Msg::new("error-qr").text("detail", other.to_string())),
    })
}

/// An SVG document (`<svg>` root with `width`, `height` and `viewBox`), black on white, at
/// least [`MIN_SIZE_PX`] wide; it scales without blurring.
pub fn svg(text: &str) -> Result<String> {
    Ok(encode(text)?
        .render::<qr_svg::Color>()
        .min_dimensions(MIN_SIZE_PX, MIN_SIZE_PX)
        .dark_color(qr_svg::Color("#000000"))
        .light_color(qr_svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

/// A greyscale PNG, black on white, at least [`MIN_SIZE_PX`] square with whole-pixel modules.
pub fn png(text: &str) -> Result<Vec<u8>> {
    let image = encode(text)?
        .render::<image::Luma<u8>>()
        .min_dimensions(MIN_SIZE_PX, MIN_SIZE_PX)
        .quiet_zone(true)
        .build();
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| Error::io(Msg::new("error-qr-png").text("detail", e.to_string())))?;
    Ok(out.into_inner())
}

/// The code as Unicode half blocks (two modules per character cell, so modules come out about
/// square), one line per two module rows, lines joined by `\n` with no trailing newline.
///
/// Each line is wrapped in ANSI colours — black foreground on a white background — so dark
/// modules print dark on a light quiet zone whatever the terminal's own theme; nothing is
/// inverted. Without those colours the code would come out inverted on dark terminals, which
/// many phone scanners refuse.
pub fn terminal(text: &str) -> Result<String> {
    let blocks = encode(text)?
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Dark)
        .light_color(Dense1x2::Light)
        .quiet_zone(true)
        .build();
    let lines: Vec<String> = blocks.lines().map(|line| format!("{TERM_COLOURS}{line}{TERM_RESET}")).collect();
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://checkout.paystack.com/7kq2v9xw3hz0abc";
    const QUIET: usize = 4;

    fn modules(text: &str) -> usize {
        QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap().width()
    }

    #[test]
    fn png_decodes_back_to_the_exact_url() {
        let bytes = png(URL).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
        let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).unwrap().to_luma8();
        assert!(img.width() >= MIN_SIZE_PX && img.height() == img.width(), "{}x{}", img.width(), img.height());

        // The quiet zone is white: every border pixel is light.
        let (w, h) = img.dimensions();
        let edge = (0..w).flat_map(|x| [(x, 0), (x, h - 1)]).chain((0..h).flat_map(|y| [(0, y), (w - 1, y)]));
        assert!(edge.into_iter().all(|(x, y)| img.get_pixel(x, y).0[0] == 255));

        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| img.get_pixel(x as u32, y as u32).0[0]);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_meta, content) = grids[0].decode().unwrap();
        assert_eq!(content, URL);
    }

    #[test]
    fn long_urls_still_decode() {
        let url = format!("{URL}?reference={}", "x".repeat(300));
        let bytes = png(&url).unwrap();
        let img = image::load_from_memory(&bytes).unwrap().to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(img.width() as usize, img.height() as usize, |x, y| {
            img.get_pixel(x as u32, y as u32).0[0]
        });
        let (_meta, content) = prepared.detect_grids()[0].decode().unwrap();
        assert_eq!(content, url);
    }

    #[test]
    fn svg_has_a_sized_root_and_dark_modules() {
        let doc = svg(URL).unwrap();
        let root = &doc[doc.find("<svg").expect("an <svg root")..];
        let root = &root[..root.find('>').unwrap()];
        assert!(root.contains("viewBox=\"0 0 "), "{root}");
        let width: u32 = root.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(width >= MIN_SIZE_PX, "{width}");
        assert!(doc.contains(r##"<path fill="#000000" d="M"##), "dark modules are drawn as one path");
        assert!(doc.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn terminal_has_one_line_per_two_module_rows_and_fixed_colours() {
        let out = terminal(URL).unwrap();
        let side = modules(URL) + 2 * QUIET;
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines.len(), side.div_ceil(2));
        for line in &lines {
            let bare = line.strip_prefix(TERM_COLOURS).and_then(|l| l.strip_suffix(TERM_RESET)).expect("coloured line");
            assert_eq!(bare.chars().count(), side);
            assert!(bare.chars().all(|c| " ▀▄█".contains(c)), "{bare:?}");
        }
        // The quiet zone prints as background (light); dark modules as foreground (dark) blocks.
        let first = lines[0].strip_prefix(TERM_COLOURS).unwrap().strip_suffix(TERM_RESET).unwrap();
        assert!(first.chars().all(|c| c == ' '));
        let finder_row = lines[QUIET / 2].strip_prefix(TERM_COLOURS).unwrap();
        assert_eq!(finder_row.chars().nth(QUIET), Some('█'), "{finder_row:?}");
    }

    #[test]
    fn too_long_text_is_an_invalid_url() {
        let err = png(&"a".repeat(3000)).unwrap_err();
        assert_eq!(err.field(), Some("url"));
        assert!(err.to_string().contains("too long"), "{err}");
        assert_eq!(svg(&"a".repeat(3000)).unwrap_err().field(), Some("url"));
        assert_eq!(terminal(&"a".repeat(3000)).unwrap_err().field(), Some("url"));
    }
}

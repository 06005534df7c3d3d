//! Official specs made readable for Prism, without touching the verbatim files in `shared/`.
//!
//! - Dojo's `2024-02-05.yaml` is Windows-1252 (a 0x97 dash, curly quotes), which Prism's YAML
//!   loader refuses: [`utf8_copy`] writes a UTF-8 copy.
//! - Prism 5.16 does not validate a request body at all — it answers 200 to anything — when the
//!   body's schema holds `nullable: true` beside a `oneOf` with no `type` (68 places in that
//!   spec). A one-member `oneOf` means exactly what a one-member `allOf` means, which Prism does
//!   check: [`one_member_oneof_to_allof`] renames them in a JSON form of the spec
//!   ([`yaml_to_json`]), so the contract tests really hold our requests against the schema.
//!
//! Uses std and serde_json only, so a test crate can also include this file by path.

use serde_json::Value;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Windows-1252 bytes 0x80..=0x9F. The five bytes the code page leaves undefined map to the C1
/// control of the same number, as the WHATWG Encoding Standard does.
const HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// Decodes Windows-1252 text. Every byte is defined, so this cannot fail.
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            // The rest of the code page is Latin-1, which is the first 256 code points.
            _ => char::from(b),
        })
        .collect()
}

/// The text of a spec file: as is when it is UTF-8, else decoded as Windows-1252.
pub fn spec_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => decode_cp1252(bytes),
    }
}

/// Writes `text` as `dir/<stem>.<hash>.<ext>` unless already there, and returns the path. The
/// hash of the text names the file, so a changed spec gets a new copy. Written to a temporary
/// name and renamed, so tests running at once never read a half-written file.
pub fn write_copy(dir: &Path, stem: &str, ext: &str, text: &str) -> io::Result<PathBuf> {
    // FNV-1a: a stable name, no dependency.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    std::fs::create_dir_all(dir)?;
    let dest = dir.join(format!("{stem}.{hash:016x}.{ext}"));
    if !dest.is_file() {
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let n = CALLS.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!("{stem}.{hash:016x}.{}-{n}.tmp", std::process::id()));
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &dest)?;
    }
    Ok(dest)
}

/// A UTF-8 copy of the spec file `src` in `dir` (created if missing), and its path.
pub fn utf8_copy(src: &Path, dir: &Path) -> io::Result<PathBuf> {
    let text = spec_text(&std::fs::read(src)?);
    let stem = src.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    let ext = src.extension().and_then(|s| s.to_str()).unwrap_or("yaml");
    write_copy(dir, stem, ext, &text)
}

/// `js-yaml`, which Prism depends on and so is installed beside it: next to `PAYDESK_PRISM` when
/// that is set, else in the workspace's `tools/node_modules/.bin` (this file sits two levels
/// below the workspace root in every crate that uses it).
fn js_yaml() -> PathBuf {
    match std::env::var_os("PAYDESK_PRISM").map(PathBuf::from) {
        Some(prism) => prism.with_file_name("js-yaml"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/node_modules/.bin/js-yaml"),
    }
}

/// A YAML file (UTF-8) as JSON, read by `js-yaml`.
pub fn yaml_to_json(yaml: &Path) -> io::Result<Value> {
    let bin = js_yaml();
    let out = Command::new(&bin).arg(yaml).output().map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot run {} (installed with Prism by make test): {e}",
                bin.display()
            ),
        )
    })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(io::Error::other(format!(
            "js-yaml could not read {}: {why}",
            yaml.display()
        )));
    }
    serde_json::from_slice(&out.stdout)
        .map_err(|e| io::Error::other(format!("js-yaml printed no JSON: {e}")))
}

/// Renames `oneOf` to `allOf` wherever it has one member and sits beside `nullable: true` with
/// no `type` — the same schema, in a form Prism validates (see the module doc). Returns how
/// many were renamed.
pub fn one_member_oneof_to_allof(node: &mut Value) -> usize {
    match node {
        Value::Object(map) => {
            let mut n = 0;
            let lone = map
                .get("oneOf")
                .and_then(Value::as_array)
                .is_some_and(|list| list.len() == 1);
            if lone
                && map.get("nullable") == Some(&Value::Bool(true))
                && !map.contains_key("type")
                && !map.contains_key("allOf")
            {
                let member = map.remove("oneOf").expect("checked above");
                map.insert("allOf".into(), member);
                n += 1;
            }
            n + map
                .values_mut()
                .map(one_member_oneof_to_allof)
                .sum::<usize>()
        }
        Value::Array(list) => list.iter_mut().map(one_member_oneof_to_allof).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn windows_1252_becomes_utf8() {
        assert_eq!(
            decode_cp1252(b"200 OK\x97The request"),
            "200 OK\u{2014}The request"
        );
        assert_eq!(
            decode_cp1252(b"\x93quoted\x94 caf\xe9 \x80"),
            "\u{201C}quoted\u{201D} café €"
        );
        assert_eq!(
            spec_text("already UTF-8 — fine".as_bytes()),
            "already UTF-8 — fine"
        );
    }

    #[test]
    fn only_lone_nullable_oneofs_become_allofs() {
        let one = json!([{ "$ref": "#/components/schemas/Money" }]);
        let two = json!([{ "type": "string" }, { "type": "integer" }]);
        let mut spec = json!({
            "tips": { "nullable": true, "oneOf": one.clone(), "description": "x" },
            "nested": [{ "deeper": { "nullable": true, "oneOf": one.clone() } }],
            "choice": { "nullable": true, "oneOf": two.clone() },
            "typed": { "nullable": true, "type": "object", "oneOf": one.clone() },
            "plain": { "oneOf": one.clone() },
        });
        assert_eq!(one_member_oneof_to_allof(&mut spec), 2);
        assert_eq!(
            spec["tips"],
            json!({ "nullable": true, "allOf": one.clone(), "description": "x" })
        );
        assert_eq!(spec["nested"][0]["deeper"]["allOf"], one);
        assert_eq!(spec["choice"]["oneOf"], two, "a real choice is left alone");
        assert!(spec["typed"].get("oneOf").is_some() && spec["plain"].get("oneOf").is_some());
    }
}

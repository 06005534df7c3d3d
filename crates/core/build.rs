//! Embeds the message catalogues named in `ui/locales/languages.json`, so adding a language is
//! one `.ftl` file plus its entry in that list: nothing in the Rust code names a language.

use std::{env, fs, path::PathBuf};

fn main() {
    let locales = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../ui/locales");
    let list = locales.join("languages.json");
    println!("cargo:rerun-if-changed={}", list.display());
    let text = fs::read_to_string(&list).unwrap_or_else(|e| panic!("{}: {e}", list.display()));
    // A tiny reader for the list's fixed shape, one object per language:
    // `{ "code": "en", "name": "English", "decimal": ".", "group": "," }`.
    let mut out = String::from("/// (code, name, catalogue, decimal mark, group mark) of every language, in the list's order.\npub static CATALOGUES: &[(&str, &str, &str, char, char)] = &[\n");
    for entry in text.split('{').skip(1) {
        let field = |key: &str| {
            let at = entry.find(&format!("\"{key}\"")).unwrap_or_else(|| panic!("languages.json: an entry has no {key}"));
            let rest = &entry[at + key.len() + 2..];
            let start = rest.find('"').unwrap() + 1;
            let end = start + rest[start..].find('"').unwrap();
            rest[start..end].to_string()
        };
        let (code, name) = (field("code"), field("name"));
        let mark = |key: &str| {
            let v = field(key);
            let c = match v.strip_prefix("\\u") {
                Some(hex) => char::from_u32(u32::from_str_radix(hex, 16).expect("a \\uXXXX escape")).unwrap(),
                None => v.chars().next().unwrap_or_else(|| panic!("languages.json: {code} has an empty {key}")),
            };
            assert!(v.chars().count() == 1 || v.starts_with("\\u"), "languages.json: {code}'s {key} must be one character");
            c
        };
        let (decimal, group) = (mark("decimal"), mark("group"));
        let ftl = locales.join(&code).join("paydesk.ftl");
        println!("cargo:rerun-if-changed={}", ftl.display());
        assert!(ftl.is_file(), "languages.json names {code}, but {} is missing", ftl.display());
        out += &format!("    ({code:?}, {name:?}, include_str!({:?}), {decimal:?}, {group:?}),\n", ftl.canonicalize().unwrap());
    }
    out += "];\n";
    fs::write(PathBuf::from(env::var("OUT_DIR").unwrap()).join("catalogues.rs"), out).unwrap();
}

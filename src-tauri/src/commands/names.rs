// Every command of docs/ipc.md, in its order. Shared by build.rs (which makes an `allow-…`
// permission for each, so a capability must name it before a window may call it) and by the
// tests (which check the list against the contract and against the handler).
pub const COMMANDS: &[&str] = &[
    "app_info",
    "list_providers",
    "create_link",
    "get_link",
    "verify_link",
    "retry_link",
    "simulate_link",
    "share_link",
    "cancel_link",
    "verify_open",
    "list_links",
    "export_csv",
    "cancel_export",
    "qr_svg",
    "save_qr_png",
    "list_keys",
    "set_key",
    "delete_key",
    "get_settings",
    "set_setting",
    "unset_setting",
    "open_customer_window",
];

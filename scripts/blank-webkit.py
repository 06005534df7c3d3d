#!/usr/bin/env python3
"""A blank WebKitGTK page in the smallest GTK window (PyGObject), drawn as paydesk draws (without
GPU compositing, WebKit's two GPU probes skipped: src-tauri/src/drawing.rs):
`scripts/measure-window.sh` measures its idle memory as the floor any WebKitGTK app starts from on
this machine, beside paydesk's and Chromium's. GDK's GL is off too: this process keeps the GL
driver GDK loads at start mapped (Mesa and its LLVM, ~24 MiB), the app's process does not
(2026-12-03, /proc/PID/smaps), and a floor holds only what any WebKitGTK window must."""
import os

for name, value in {
    "WEBKIT_DISABLE_DMABUF_RENDERER": "1",
    "WEBKIT_WEB_RENDER_DEVICE_FILE": "none",
    "GDK_GL": "disable",
}.items():
    os.environ.setdefault(name, value)

import gi  # noqa: E402

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

window = Gtk.Window(title="blank WebKitGTK page")
window.set_default_size(1100, 760)
view = WebKit2.WebView()
view.get_settings().set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
window.add(view)
view.load_html("<!doctype html><title>blank</title><p>blank</p>", "about:blank")
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()

#!/usr/bin/env python3
"""A blank WebKitGTK page in the smallest GTK window (PyGObject), drawn without GPU compositing
as paydesk draws: `scripts/measure-window.sh` measures its idle memory as the floor any
WebKitGTK app starts from on this machine, beside paydesk's and Chromium's."""
import gi

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

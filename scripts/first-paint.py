#!/usr/bin/env python3
"""Starts a command under X and prints "<first paint ms> <pid>": from starting the command until the
screen first shows what it settles on. Used by scripts/measure-window.sh, the same way for paydesk
and for Chromium.

The screen is grabbed only when the X server reports it changed (the DAMAGE extension on the root
window, as VNC servers watch a screen), in this one process: no program is started per grab, and
a start costs three or four grabs. (The loop this replaces started xwd, md5sum and date every
20 ms, whatever the screen did: on two cores, CPU taken from the start it was timing.)

The settled screen is what the grabs of the last two seconds of the watch show (a blinking caret
gives two pictures), and first paint is the first grab showing one of those. The command keeps
running when this ends, so its memory can be measured next. With FIRST_PAINT_DEBUG set, every grab
("<ms>:<picture>") goes to stderr.
"""
import ctypes
import ctypes.util
import os
import select
import subprocess
import sys
import time
import zlib

WATCH_S = 10.0
SETTLED_S = 2.0

x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
xdamage = ctypes.CDLL(ctypes.util.find_library("Xdamage") or "libXdamage.so.1")

x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
x11.XPending.argtypes = [ctypes.c_void_p]
x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
x11.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
x11.XGetImage.restype = ctypes.c_void_p
x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                          ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
x11.XFlush.argtypes = [ctypes.c_void_p]
x11.XDestroyImage.argtypes = [ctypes.c_void_p]
xdamage.XDamageQueryExtension.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
xdamage.XDamageCreate.restype = ctypes.c_ulong
xdamage.XDamageCreate.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int]
xdamage.XDamageSubtract.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]

X_DAMAGE_REPORT_NON_EMPTY = 3  # one event each time the damage goes from none to some
Z_PIXMAP = 2
ALL_PLANES = 0xFFFFFFFF


class XImage(ctypes.Structure):  # the leading fields of Xlib's XImage
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int),
                ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
                ("bits_per_pixel", ctypes.c_int)]


def main(argv):
    if not argv:
        sys.exit("usage: first-paint.py COMMAND [ARG...]")
    dpy = x11.XOpenDisplay(None)
    if not dpy:
        sys.exit("first-paint.py: cannot open the X display")
    base, err = ctypes.c_int(), ctypes.c_int()
    if not xdamage.XDamageQueryExtension(dpy, ctypes.byref(base), ctypes.byref(err)):
        sys.exit("first-paint.py: the X server has no DAMAGE extension")
    root = x11.XDefaultRootWindow(dpy)
    attrs = (ctypes.c_int * 32)()  # XWindowAttributes starts with x, y, width, height
    x11.XGetWindowAttributes(dpy, root, attrs)
    width, height = attrs[2], attrs[3]
    damage = xdamage.XDamageCreate(dpy, root, X_DAMAGE_REPORT_NON_EMPTY)
    x11.XFlush(dpy)
    fd = x11.XConnectionNumber(dpy)
    event = (ctypes.c_char * 192)()

    def grab():
        img = x11.XGetImage(dpy, root, 0, 0, width, height, ALL_PLANES, Z_PIXMAP)
        im = XImage.from_address(img)
        crc = zlib.crc32(ctypes.string_at(im.data, im.bytes_per_line * im.height))
        x11.XDestroyImage(img)
        return crc

    t0 = time.monotonic()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    grabs = []  # (ms since start, picture)
    while True:
        left = WATCH_S - (time.monotonic() - t0)
        if left <= 0:
            break
        # Xlib may already hold an event it read with a grab's reply: the socket would not
        # wake select for it, so only wait when its queue is empty.
        if not x11.XPending(dpy):
            select.select([fd], [], [], left)
        changed = False
        while x11.XPending(dpy):
            x11.XNextEvent(dpy, event)
            changed = True  # only damage is asked for; anything else costs one more grab at most
        if changed:
            xdamage.XDamageSubtract(dpy, damage, 0, 0)
            picture = grab()
            grabs.append(((time.monotonic() - t0) * 1000, picture))
    grabs.append((WATCH_S * 1000, grab()))
    settled = {p for ms, p in grabs if ms >= (WATCH_S - SETTLED_S) * 1000}
    first = next(ms for ms, p in grabs if p in settled)
    print(f"{first:.0f} {child.pid}")
    if os.environ.get("FIRST_PAINT_DEBUG"):
        print(" ".join(f"{ms:.0f}:{p % 1000}" for ms, p in grabs), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])

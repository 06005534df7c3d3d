#!/bin/sh
# Renders every icon the app and its .deb use from icon.svg, the one source.
# Needs rsvg-convert (Debian librsvg2-bin) and, for icon.ico, ImageMagick's convert.
# The PNGs are committed, so a build never needs either tool.
set -eu
cd "$(dirname "$0")"
for s in 32 64 128; do rsvg-convert -w $s -h $s icon.svg -o ${s}x${s}.png; done
rsvg-convert -w 256 -h 256 icon.svg -o 128x128@2x.png
# RGBA 512: Tauri's default window icon on Linux and the .deb's largest size.
rsvg-convert -w 512 -h 512 icon.svg -o icon.png
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in 16 24 48; do rsvg-convert -w $s -h $s icon.svg -o "$tmp/$s.png"; done
convert "$tmp/16.png" "$tmp/24.png" 32x32.png "$tmp/48.png" 64x64.png 128x128@2x.png icon.ico

// The QR arrives as SVG markup from `qr_svg`; it is shown through an <img> data: URL (never
// inserted as markup), which the CSP allows (img-src data:).

/** base64 of the UTF-8 bytes of a string. */
export function base64Utf8(text) {
  const bytes = new TextEncoder().encode(String(text));
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/** `data:image/svg+xml;base64,…` for an SVG string. */
export function svgDataUrl(svg) {
  return "data:image/svg+xml;base64," + base64Utf8(svg);
}

"""Bytes to text: UTF-8 first, then a detected legacy encoding, refusing binary data."""

from __future__ import annotations

import codecs

import charset_normalizer

from herald.errors import InputError

#: Bytes that never occur in text (everything below 0x20 except tab, newline, vt, ff, cr, esc).
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
#: More control bytes than this share of a sample means binary data (PDF, image, office file).
_CONTROL_RATIO = 0.05
_SAMPLE = 64 * 1024
#: BOMs of encodings that legitimately contain NUL bytes, longest first (UTF-32 LE starts like 16).
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: charset-normalizer cannot tell single-byte Latin code pages apart on a short news text (it may
#: pick cp1257 for French); cp1252 is by far the commonest legacy encoding of Western news, so it
#: wins whenever it decodes nearly as cleanly as the best guess.
_PREFERRED = "cp1252"
_PREFERENCE_MARGIN = 10.0  # percent of chaos, charset-normalizer's own unit


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode an input's bytes; return ``(text, encoding)``.

    Raises :class:`InputError` E103 for binary data and E104 when no single encoding fits.
    """
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError("E104", path=path, detail=f"invalid {encoding}: {exc}") from exc
    _refuse_binary(data, path)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data, path)


def _refuse_binary(data: bytes, path: str) -> None:
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise InputError("E103", path=path, detail="contains NUL bytes")
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if sample and controls / len(sample) > _CONTROL_RATIO:
        raise InputError("E103", path=path, detail=f"{controls} control bytes in {len(sample)}")


def _detect(data: bytes, path: str) -> tuple[str, str]:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise InputError("E104", path=path, detail="not UTF-8, and no single encoding fits")
    best = matches[0]
    chosen = best
    for match in matches:
        if (
            match.encoding == _PREFERRED
            and match.percent_chaos <= best.percent_chaos + _PREFERENCE_MARGIN
        ):
            chosen = match
            break
    encoding = str(chosen.encoding)
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError("E104", path=path, detail=f"detected {encoding} but: {exc}") from exc

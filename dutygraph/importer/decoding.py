"""Decode a received text file: UTF-8 (with or without BOM) or GB18030.

Why not guess more encodings: Chinese offices produce UTF-8 (with a BOM from Windows Notepad
or WPS) and GB18030/GBK; anything else is refused with the byte offset that failed, so nothing is
mis-decoded silently.
"""

from __future__ import annotations

from ..errors import Location
from .messages import refusal

ENCODINGS = ("utf-8-sig", "gb18030")


def decode_bytes(data: bytes, *, name: str = "<input>") -> tuple[str, str]:
    """Return (text, encoding name) or raise a DutyGraphError saying where decoding failed
    (the byte offset and its line)."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise refusal("nul-byte", Location(file=name), offset=offset)
    first_error: UnicodeDecodeError | None = None
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8"
        return text, encoding
    assert first_error is not None
    line = data[: first_error.start].count(b"\n") + 1
    raise refusal("undecodable", Location(file=name, line=line), offset=first_error.start)

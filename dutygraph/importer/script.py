"""Traditional characters: detect a document written in them and convert it to Simplified
for recognition only.

Why a conversion that is never stored as the text: some offices receive (and re-type) lists in
Traditional characters (基本原則, 第五條, 職責清單). Every keyword the importer recognises —
section kinds, roles, 职责清单 in a title, 印发 in an imprint, 召开 in a requirement — is written
in Simplified, so the importer reads a machine conversion (OpenCC's t2s tables, in the
pure-Python opencc-purepy) while the graph keeps what the document says, verbatim, and adds the
conversion beside it, labelled as such (dg:simplifiedText).
"""

from __future__ import annotations

from functools import cache

from opencc_purepy import OpenCC

# a Simplified document converts to itself; a few stray variant characters (a 於 in a name)
# must not switch the whole file, so ask for several changed characters and 2% of the Han text
_MIN_CHANGED = 3
_MIN_SHARE = 0.02


@cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The OpenCC t2s conversion of ``text`` (Simplified text comes back unchanged)."""
    return _t2s().convert(text)


def is_traditional(text: str) -> bool:
    """True when the text is written in Traditional characters (enough of them change)."""
    converted = to_simplified(text)
    if len(converted) == len(text):
        changed = sum(a != b for a, b in zip(text, converted, strict=True))
    else:
        changed = abs(len(converted) - len(text)) + _MIN_CHANGED
    han = sum("\u4e00" <= char <= "\u9fff" for char in text)
    return changed >= _MIN_CHANGED and changed >= _MIN_SHARE * han


def verbatim_slice(original: str, converted: str, part: str) -> str:
    """The stretch of ``original`` that converts to ``part`` (a piece of ``converted``).

    Why: a piece recognised in the conversion (a requirement, an issuer's name) must be
    recorded as the document writes it. t2s maps character for character in the family's
    vocabulary; where it did not (lengths differ) the converted piece is returned."""
    at = converted.find(part)
    if at < 0 or len(original) != len(converted):
        return part
    return original[at : at + len(part)]

"""Detect template carry-over: bodies and powers a township does not have.

Why: the township list was adapted from provincial and municipal templates, and some items still
name a standing committee of the party committee, a people's congress standing committee, a CPPCC,
a court or procuratorate of its own, rule-making (规章), villages reporting like a government, or
district wording. Analysts need these flagged, but the text stays verbatim and nothing is linked
to a real township organ. The lexicon is data (one entry a phrase), so it can grow per family.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CarryOver:
    """One phrase that signals carry-over, with why it cannot apply to a township."""

    phrase: str
    zh: str
    en: str


LEXICON: tuple[CarryOver, ...] = (
    CarryOver(
        "党委常委会",
        "乡镇党委不设常务委员会，该表述沿用自上级清单模板。",
        "A township party committee has no standing committee; wording carried over "
        "from a higher-level template.",
    ),
    CarryOver(
        "人大常委会",
        "乡镇人大不设常务委员会（设主席团），该表述沿用自上级清单模板。",
        "A township people's congress has no standing committee (it has a presidium); "
        "wording carried over from a higher-level template.",
    ),
    CarryOver(
        "政协",
        "乡镇不设政协组织，该表述沿用自上级清单模板。",
        "Townships have no CPPCC committee; wording carried over from a higher-level template.",
    ),
    CarryOver(
        "法院",
        "乡镇不设人民法院，所指应为区级法院或沿用自模板。",
        "Townships have no court of their own; the text refers to the district court or "
        "is carried over from the template.",
    ),
    CarryOver(
        "检察院",
        "乡镇不设人民检察院，所指应为区级检察院或沿用自模板。",
        "Townships have no procuratorate of their own; the text refers to the district "
        "procuratorate or is carried over from the template.",
    ),
    CarryOver(
        "检察机关",
        "乡镇不设检察机关，所指应为区级检察机关或沿用自模板。",
        "Townships have no procuratorial organ of their own; the text refers to district "
        "organs or is carried over from the template.",
    ),
    CarryOver(
        "规章",
        "乡镇政府无规章制定权，该表述沿用自上级清单模板。",
        "A township government has no power to make government rules (规章); wording "
        "carried over from a higher-level template.",
    ),
    CarryOver(
        "各行政村",
        "行政村是村民自治组织而非一级政府，不应像政府一样报告法治政府建设情况。",
        "Administrative villages are self-governing bodies, not a level of government, "
        "yet the text has them report like a government.",
    ),
    CarryOver(
        "区委督促检查",
        "督促检查由区委开展，属区级表述，沿用自上级清单模板。",
        "Inspection by the district party committee is district-level wording carried "
        "over from the template.",
    ),
    CarryOver(
        "结合辽中实际",
        "\u201c辽中\u201d为区名，乡镇清单应结合本镇实际，该表述沿用自区级模板。",
        "\u201c辽中\u201d is the district; a township list would refer to the township's "
        "own circumstances. Wording carried over from a district template.",
    ),
)


def find_carryover(text: str) -> list[CarryOver]:
    """Lexicon entries whose phrase occurs in the text, in lexicon order, each once."""
    return [entry for entry in LEXICON if entry.phrase in text]

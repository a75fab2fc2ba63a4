"""Issue 14, pattern 8: a file name with '_' gives a document id instead of a refusal, and
`stats` counts a document imported in article form (it showed documents: 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutygraph.errors import DutyGraphError
from dutygraph.graph.describe import stats
from dutygraph.importer.document import import_bytes, slug_for

REGULATION = Path(__file__).parent / "regulation_cases" / "central-2016-synthetic.txt"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("baita_2023_list.docx", "baita-2023-list"),
        ("Baita 2023 list.txt", "baita-2023-list"),
        ("hongqi__2023.pdf", "hongqi-2023"),
        ("niuxintuo-2023-25.txt", "niuxintuo-2023-25"),
    ],
)
def test_slug_from_file_name(name: str, slug: str):
    assert slug_for(Path(name)) == slug


def test_a_name_without_latin_letters_still_needs_an_id():
    with pytest.raises(DutyGraphError, match="--id"):
        slug_for(Path("白塔乡清单.txt"))


def test_stats_counts_a_regulation_imported_in_article_form():
    result = import_bytes(REGULATION.read_bytes(), name=REGULATION.name, slug="reg")
    assert stats(result.graph).documents == 1

"""Which year a file of records is about, when nobody said.

Why not this year: a clerk validating last year's ledger in December must not be told that
every duty of this year is missing. The year is read from the records: the calendar year of
their dates, except that a record of a duty whose requirement is filed the following year
(政府(3): the report on year Y by 1 March of Y+1) stands for the year before. One year found:
that year. Several: an error that lists them and asks for the year; none: the same.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal

from ..errors import DutyGraphError
from ..namespace import DG


def infer_year(base: Graph, records: list[Graph]) -> int:
    """The one year the records are about, or a DutyGraphError saying why not."""
    offsets: dict = {}
    for duty, requirement in base.subject_objects(DG.hasRequirement):
        offset = base.value(requirement, DG.deadlineYearOffset)
        if offset is not None:
            offsets[duty] = max(offsets.get(duty, 0), int(offset))
    plain: set[int] = set()
    filed_later: set[int] = set()
    for graph in records:
        for record in graph.subjects(RDF.type, DG.FulfilmentRecord):
            duty = graph.value(record, DG.fulfils)
            for value in graph.objects(record, DG.date):
                if not (isinstance(value, Literal) and value.datatype == XSD.date):
                    continue
                if value.ill_typed:
                    continue
                if duty in offsets:
                    filed_later.add(value.value.year - offsets[duty])
                else:
                    plain.add(value.value.year)
    years = plain or filed_later
    if len(years) == 1:
        return next(iter(years))
    if not years:
        raise DutyGraphError(
            "记录中没有可用的日期，无法判断核验哪一年：请给出年度（--year 或 year 参数）",
            en="the records have no usable date to tell the year by: give the year "
            "(--year or the year parameter)",
        )
    listed = "、".join(str(y) for y in sorted(years))
    raise DutyGraphError(
        f"记录分属多个年度（{listed}）：请给出要核验的年度（--year 或 year 参数），"
        "其他年度的记录会作为警告列出",
        en=f"the records span several years ({', '.join(str(y) for y in sorted(years))}): "
        "give the year to check (--year or the year parameter); records of other years are "
        "listed as warnings",
    )

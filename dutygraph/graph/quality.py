"""``dutygraph check``: quality queries and integrity shapes over a loaded graph.

Why both: a quality query (queries/quality/*.rq, every row a defect) states a defect the way an
analyst would look for it; a SHACL shape (shapes/integrity.ttl) states what a well-formed item
is. Either finding a problem makes the check fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from ..resources import resource_dir
from ..sparql.catalog import catalog, select_rows
from ..store.engine import QueryEngine
from .files import parse_file, union_graph


@dataclass(frozen=True)
class Defect:
    """One problem found by one check: ``detail`` in English, ``detail_zh`` in Chinese (what
    ``dutygraph check`` prints by default; the queries and shapes say both)."""

    check: str
    focus: str
    detail: str
    detail_zh: str = ""

    def text(self, lang: str = "zh") -> str:
        """The detail in the reader's language."""
        return self.detail_zh if lang == "zh" and self.detail_zh else self.detail


@dataclass
class CheckReport:
    """All defects found, and how many checks ran (a run with no checks is not clean)."""

    defects: list[Defect] = field(default_factory=list)
    checks_run: int = 0

    @property
    def clean(self) -> bool:
        return self.checks_run > 0 and not self.defects


def integrity_shapes() -> Graph:
    """The bundled integrity shapes."""
    return parse_file(resource_dir("shapes") / "integrity.ttl")


def run_checks(target: Graph | QueryEngine) -> CheckReport:
    """Run every quality query and the integrity shapes over a graph or an engine.

    The queries run on the engine as given (files, a store, a remote server); pySHACL needs an
    rdflib graph, so the shapes read the engine's rdflib view, merged into one graph first
    (rdflib validates a plain graph much faster than a dataset).
    """
    report = CheckReport()
    graph = target if isinstance(target, Graph) else target.source
    merged = union_graph(graph) if isinstance(graph, Dataset) else graph
    queried = merged if isinstance(target, Graph) else target
    for name, query in catalog("quality").items():
        report.checks_run += 1
        for row in select_rows(queried, query):
            focus = row.get("focus")
            report.defects.append(
                Defect(
                    name,
                    str(focus),
                    f"{focus}: {row.get('detail')}",
                    f"{focus}：{row.get('detail_zh') or row.get('detail')}",
                )
            )
    report.checks_run += 1
    report.defects.extend(_shape_defects(merged))
    return report


def _shape_defects(data: Graph) -> list[Defect]:
    conforms, results, _ = validate(
        data, shacl_graph=integrity_shapes(), inference="none", allow_warnings=True, advanced=True
    )
    if conforms:
        return []
    defects = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        messages = {m.language: m for m in results.objects(result, SH.resultMessage)}
        en = messages.get("en") or next(iter(messages.values()), "")
        component = results.value(result, SH.sourceConstraintComponent)
        zh = messages.get("zh") or _COMPONENT_ZH.get(component, "不符合完整性约束")
        defects.append(
            Defect("integrity-shapes", str(focus), f"{focus} {path}: {en}", f"{focus} {path}：{zh}")
        )
    return sorted(defects, key=lambda d: d.detail)


_COMPONENT_ZH = {
    SH.MinCountConstraintComponent: "缺少必需的值",
    SH.MaxCountConstraintComponent: "值多于允许的个数",
    SH.DatatypeConstraintComponent: "值的数据类型不对",
    SH.ClassConstraintComponent: "值的类型不对",
    SH.NodeKindConstraintComponent: "值的种类不对（应为 IRI 或文字）",
    SH.PatternConstraintComponent: "值的格式不对",
    SH.InConstraintComponent: "值不在允许的范围内",
    SH.HasValueConstraintComponent: "缺少规定的值",
    SH.MinLengthConstraintComponent: "文字太短",
    SH.MaxLengthConstraintComponent: "文字太长",
}
"""What a shape without a Chinese sh:message says in Chinese (pySHACL's own wording, "Less
than 1 values on …", is English), by the kind of constraint that failed."""

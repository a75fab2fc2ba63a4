"""OWL 2 RL checks for tests: thin wrappers over dutygraph.graph.reasoning (the one implementation).

``rl_problems`` lists owlrl's error messages, merged entities (owl:sameAs between distinct
resources) and members of owl:Nothing; ``rl_closure`` returns (asserted copy, inferred).
"""

from __future__ import annotations

from rdflib import Graph

from dutygraph.graph.reasoning import rl_closure as _closure


def rl_closure(graph: Graph) -> tuple[Graph, Graph]:
    """(asserted copy, inferred triples) of the OWL 2 RL closure; ``graph`` is not changed."""
    closure = _closure(graph)
    return closure.asserted, closure.inferred


def rl_problems(graph: Graph) -> list[str]:
    """Human-readable OWL 2 RL problems of ``graph``; empty when none is detectable."""
    return _closure(graph).problems

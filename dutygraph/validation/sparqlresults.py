"""pySHACL's reading of a SHACL-SPARQL constraint's solutions, with duplicates found by hashing.

Why: pySHACL 0.40 guards against a repeated solution with ``if (t, p, v, var_dict) in
violations``, a scan of the list built so far, so one query with n solutions costs n²/2
comparisons. The run-level checks of shapes/records.ttl return one solution per flagged record:
20,000 records with a repeated row each took 77 million term comparisons, 22 s of a 40 s run.
This replacement keeps pySHACL's behaviour exactly (same solutions kept, same order, same
``failure`` handling) and finds repeats in a set. It is installed for the pySHACL versions
pyproject.toml allows and only when the method still has the signature it replaces; otherwise
pySHACL's own method stays (correct, only slower). tests/test_sparqlresults.py compares the two.
"""

from __future__ import annotations

import inspect
from typing import Any

from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint

_ORIGINAL = SPARQLBasedConstraint._validate_sparql_query
_EXPECTED = ["self", "query", "init_binds", "target_graph"]


def read_solutions(results: Any) -> list:
    """pySHACL's violation tuples from a query's solutions, repeats dropped in linear time."""
    violations: list = []
    seen: set = set()
    failed = False
    for row in results:
        values: dict = row.asdict()
        if values.pop("failure", None) is not None:
            if not failed:
                violations.append((True, values))
                failed = True
            continue
        p = values.pop("path", None)
        v = values.pop("value", None)
        t = values.pop("this", None)
        if p is None and v is None and t is None:
            continue
        key = (t, p, v, frozenset(values.items()))
        if key in seen:
            continue
        seen.add(key)
        violations.append((t, p, v, values))
    return violations


def _validate_sparql_query(self, query, init_binds, target_graph) -> list:
    results = target_graph.query(query, initBindings=init_binds)
    if not results or len(results.bindings) < 1:
        return []
    return read_solutions(results)


def install() -> bool:
    """Replace pySHACL's method when it is the one this module was written against."""
    if list(inspect.signature(_ORIGINAL).parameters) != _EXPECTED:
        return False
    SPARQLBasedConstraint._validate_sparql_query = _validate_sparql_query
    return True

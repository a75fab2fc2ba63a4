"""The static query check: forms, updates and SERVICE, outside strings, IRIs and comments."""

from __future__ import annotations

import pytest

from dutygraph.guard.querycheck import ForbiddenQuery, UpdateRefused, check_query

FORMS = [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://example.org/> ASK { ex:a ?p ?o }", "ASK"),
    ("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe <http://example.org/a>", "DESCRIBE"),
    ("# SELECT in a comment\nASK {}", "ASK"),
    ("SELECT ?service WHERE { ?service a <http://example.org/Service> }", "SELECT"),
    ("SELECT * WHERE { ?s <http://example.org/SERVICE> 'SERVICE' }", "SELECT"),
    ('SELECT * WHERE { ?s ?p """ SERVICE <x> { } """ }', "SELECT"),
    ("PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:x ?o }", "SELECT"),
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/>", "SELECT"),
]
REFUSED = [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", ForbiddenQuery),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", ForbiddenQuery),
    ("SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", ForbiddenQuery),
    ("SELECT * WHERE { \\U00000053ERVICE <http://x/> { ?s ?p ?o } }", ForbiddenQuery),
    ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", ForbiddenQuery),
    ("SELECT * WHERE { SERVICE<http://x/>{ ?s ?p ?o } }", ForbiddenQuery),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", UpdateRefused),
    ("PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }", UpdateRefused),
    ("LOAD <file:///etc/passwd>", UpdateRefused),
    ("CLEAR ALL", UpdateRefused),
    ("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", UpdateRefused),
    ("drop graph <http://g/>", UpdateRefused),
]


@pytest.mark.parametrize(("text", "form"), FORMS)
def test_forms(text, form):
    assert check_query(text).form == form


@pytest.mark.parametrize(("text", "error"), REFUSED)
def test_refused(text, error):
    with pytest.raises(error):
        check_query(text)

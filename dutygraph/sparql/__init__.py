"""SPARQL: the named-query catalog and the guarded way to answer a query.

Owns the ``.rq`` catalog with its headers and bound parameters (catalog), result formats and
media types (resultformats), answering one request safely (queryservice), the CLI's ``query``
(queryrun), the endpoint's settings and limits (settings).

May import: the base modules, guard, importer and store.
"""

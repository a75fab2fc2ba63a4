"""Validation: a year's records checked against the duties' requirements with SHACL.

Owns running pySHACL with the records shapes (shacl), rendering the report (report), validation
per township slice in parallel (townships) and the synthetic towns with known defects used to
test and measure it at scale (synthetic).

May import: every room below it (base, guard, importer, store, sparql, graph, trace, records).
"""

"""Keeping: records kept, not just checked — accounts, submitted batches, review, corrections,
remediation (整改) and the audit trail.

Owns the ledger (an SQLite file: transactions make a submission all-or-nothing, several server
processes may write it safely, and triggers make the audit log append-only), accounts with
argon2 password hashes and API tokens, the submission → review workflow gated by the same SHACL
shapes as ``dutygraph validate``, and the PROV-O view of all of it.

May import: every room below it (base, guard, importer, store, sparql, graph, trace, records,
validation). Never Flask: the server's blueprint and the CLI are thin layers over it.
"""

"""Guard: the defences around other people's queries and uploads.

Owns the static look at a SPARQL text before any engine sees it (querycheck), the forked child
with a deadline and a memory cap (isolation), the long-lived child that runs request after
request under the same limits (standing), the process-wide audit hook that refuses network
and file access (hardening), and the lock that keeps rdflib's SPARQL parser to one thread at a
time in a threaded server (parselock).

May import: the base modules (errors, namespace, rdfterms, resources). Nothing else: every room
above relies on it, so it must not rely on them.
"""

"""Trace: every duty up its chain of source regulations, and what each level added or dropped.

Owns walking the derivation links up and down (walk), printing a trace (render) and the gap
analysis (gaps).

May import: every room below it (base, guard, importer, store, sparql, graph); never records or
validation.
"""

"""Graph: the bundled graph loaded, reasoned over, checked and described.

Owns loading files into named graphs (files), OWL 2 RL reasoning (reasoning, entailment) and the
cached build (build), the quality checks (quality), resolving what a user types to an item
(lookup) and the ``stats``/``show`` views (describe).

May import: the base modules, guard, importer, store and sparql.
"""

"""dutygraph: a knowledge graph of Chinese rule-of-law duty lists.

The version below is the single source of truth: pyproject.toml reads it, and the ontology's
owl:versionIRI / owl:versionInfo must agree with it (tests/test_ontology.py checks).
"""

__version__ = "0.1.0"

from .store import parsecache as _sparql_cache

_sparql_cache.install()

"""Store: where the graph lives and which engine answers over it.

Owns the SPARQL evaluation on Oxigraph or rdflib behind one answer type (engine), the on-disk
Oxigraph store (diskstore), an existing SPARQL server as an engine (remote) and pushing graphs to
one through the Graph Store Protocol (graphstore), and the parse cache rdflib's SPARQL
processor and pySHACL share (parsecache).

May import: the base modules, guard and importer (never the rooms above it).
"""

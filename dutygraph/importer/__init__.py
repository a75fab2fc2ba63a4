"""Importer: a received duty-list or regulation document becomes RDF.

Data flows in here first. Owns decoding the bytes, recognising enumerators, parsing lines into a
tree, classifying nodes, extracting requirements, spotting template carry-over, reading
article-form regulations, and writing the document graph with its provenance (document).

May import: the base modules and guard. Never the store, SPARQL, tracing, records or validation:
an import must work with nothing but the file in hand.
"""

"""Records: fulfilment records (履职记录) as township clerks type them, read into RDF.

Owns taking spreadsheets apart into rows (sheets), interpreting cells (cells), parsing RDF uploads
without fetching anything (rdfupload), the reader that turns rows into records (reader) and the
empty template staff fill in (template).

May import: the base modules, guard, importer, store, sparql and graph; never trace or
validation (reading a record does not need to know where a duty came from).
"""

"""dutygraph's web layer (installed as ``dutygraph.server``, never as a top-level ``server``).

Why a separate folder: the core package (``dutygraph``) never imports Flask, so the importer,
reasoning, validation and query catalog stay usable from the CLI and from Python without a web
stack. The Flask app factory and its blueprints (SPARQL endpoint, pages) live here; they only
call the core's plain functions. tests/test_layering.py checks the core stays Flask-free.
"""

"""``python -m dutygraph`` runs the same CLI as the ``dutygraph`` console script."""

from .cli import main

main(prog_name="dutygraph")

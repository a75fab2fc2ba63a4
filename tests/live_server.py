"""The tests start servers through the package's helpers (dutygraph.store.localservers)."""

from dutygraph.store.localservers import (  # noqa: F401
    LiveServer,
    free_port,
    oxigraph_binary,
    start,
    start_oxigraph,
    start_virtuoso,
    virtuoso_binary,
)

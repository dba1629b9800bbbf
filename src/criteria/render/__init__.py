"""Renderers: one module per output, each dispatching on node ``kind``."""

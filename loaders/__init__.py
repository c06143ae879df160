"""Loaders: one per input format, each emitting triples into a source's named graph.

Installed as ``kg.loaders`` (the checkout links ``kg/loaders`` here; the wheel carries a copy).
"""

from __future__ import annotations

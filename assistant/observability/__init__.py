"""Metrics and traces of the HTTP API (README "Metrics and traces").

The metric definitions and the tracing set-up live in ``config.metrics`` and
``config.tracing`` (every layer counts with them); here: the request middleware
(:mod:`.http`), the values read at scrape time (:mod:`.scrape`) and ``GET /metrics``
(:mod:`.endpoint`).
"""

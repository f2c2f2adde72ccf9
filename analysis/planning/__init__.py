"""Planning analyses: bike-path gaps, bike-stand siting, reports, districts, data audit.

Each module declares its analysis for :mod:`analysis.registry`: layer slots, a
frozen parameters dataclass and ``run(inputs, params, progress) -> AnalysisResult``
(tables plus a short summary, which :func:`analysis.planning.result.store_result`
writes into a workspace).
"""

"""Planning analyses: bike-path gaps, bike-stand siting, reports, districts, data audit.

Each analysis is a function ``run(inputs, params) -> AnalysisResult``: layers in,
a frozen parameters dataclass, and a result of tables plus a short summary,
which :func:`analysis.planning.result.store_result` writes into a workspace.
"""

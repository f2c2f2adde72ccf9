"""The sample city "Przykładowo": a deterministic synthetic city with planted truths.

``generate(out)`` writes it in the formats real cities hand over (see
:mod:`analysis.samplecity.city`); ``truth.json`` says what the analyses must find.
"""

from analysis.samplecity.city import SampleCity, SampleCityParams, generate

__all__ = ["SampleCity", "SampleCityParams", "generate"]

"""spaCy pipelines for the supported languages and the components they are built from.

Importing this package registers every component factory with spaCy.
"""

from pipeline.nlp import boundaries, consistency, english, rulers, russian  # noqa: F401  (registers factories)
from pipeline.nlp.loading import load_pipeline

__all__ = ["load_pipeline"]

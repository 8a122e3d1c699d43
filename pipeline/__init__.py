"""Entity extraction for English and Russian news: files in, Parquet tables out.

Stages, in the order they run (driven by `run/`), one subpackage or module each:
ingest/ -> language.py -> ner/ -> normalize.py -> link/ -> write.py.
Below the stages: text/ (shared text tools), resources/ (data files under models/),
records.py, labels.py, status.py, config.py. evaluation/ scores an output against gold.
"""

__version__ = "0.1.0"

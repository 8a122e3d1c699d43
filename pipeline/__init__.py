"""Entity extraction for English and Russian news: files in, Parquet tables out.

Stages, one module each, in the order they run (see `run.py`):
ingest -> language -> ner -> normalize -> link -> write.
"""

__version__ = "0.1.0"

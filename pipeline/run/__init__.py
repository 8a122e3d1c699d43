"""The run: drives the stages over a corpus on an engine (`extract.py`), with the per-document work
of one shard of files (`shard.py`), the engines it runs on (`engines.py`) and the output folder's
work area (`store.py`)."""

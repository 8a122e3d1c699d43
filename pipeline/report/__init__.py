"""For analysts: an offline HTML report (`python -m pipeline report`) and SQL over the tables
(`python -m pipeline query`). Both read only what `extract` wrote to the output folder."""

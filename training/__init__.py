"""Training the English NER shipped under models/en_ner (`make train-en DATA=DIR`); not installed."""

"""The English NER's training data and functions (training/): CoNLL reading, silver spans, case copies,
the name scorer, and the shipped model's independence from them. Nothing here trains."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc
from spacy.training import Example

from tests.conftest import ROOT
from training.code import case_copies, score_names
from training.conll import SENTENCES_PER_EXAMPLE, read_articles, training_docs

CONLL = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

BRUSSELS NNP B-NP B-LOC
1996-08-22 CD I-NP O

-DOCSTART- -X- -X- O

New NNP B-NP B-LOC
York NNP I-NP I-LOC
on IN B-PP O
Friday NNP B-NP O
"""


def _articles(tmp_path):
    path = tmp_path / "train.txt"
    path.write_text(CONLL, encoding="utf-8")
    return read_articles(path)


def test_articles_are_split_at_docstart_and_entities_index_the_rebuilt_text(tmp_path):
    first, second = _articles(tmp_path)
    assert first.text == "EU rejects German call .\nPeter Blackburn\nBRUSSELS 1996-08-22"
    assert [(first.text[s:e], label) for s, e, label in first.entities] == [
        ("EU", "ORG"), ("German", "MISC"), ("Peter Blackburn", "PERSON"), ("BRUSSELS", "GPE"),
    ]
    assert [(second.text[s:e], label) for s, e, label in second.entities] == [("New York", "GPE")]


def test_silver_spans_join_the_gold_unless_they_overlap_it_or_cut_a_token(tmp_path):
    first, second = _articles(tmp_path)
    vocab = spacy.blank("en").vocab
    date = first.text.index("1996")
    docs, left_out = training_docs(first, vocab, [(date, date + 10, "DATE"), (0, 2, "DATE"), (date, date + 4, "DATE")])
    assert left_out == 2  # "EU" is a gold ORG; "1996" is part of a CoNLL token
    assert [(e.text, e.label_) for doc in docs for e in doc.ents][-2:] == [("BRUSSELS", "GPE"), ("1996-08-22", "DATE")]
    assert [len(list(doc.sents)) for doc in docs] == [3]
    friday = second.text.index("Friday")
    docs, left_out = training_docs(second, vocab, [(friday, friday + 6, "DATE")])
    assert left_out == 0 and [(e.text, e.label_) for e in docs[0].ents] == [("New York", "GPE"), ("Friday", "DATE")]


def test_long_articles_become_examples_of_at_most_ten_sentences(tmp_path):
    sentences = "\n".join(f"Word{i} NN O O\nPeter NNP B-NP B-PER\n" for i in range(25))
    path = tmp_path / "long.txt"
    path.write_text("-DOCSTART- -X- -X- O\n\n" + sentences, encoding="utf-8")
    (article,) = read_articles(path)
    docs, _ = training_docs(article, spacy.blank("en").vocab)
    assert [len(list(doc.sents)) for doc in docs] == [SENTENCES_PER_EXAMPLE, SENTENCES_PER_EXAMPLE, 5]
    assert sum(len(doc.ents) for doc in docs) == 25


def test_case_copies_add_sentences_in_capitals_and_lowercase_with_the_same_entities():
    nlp = spacy.blank("en")
    reference = Doc(nlp.vocab, words=["Peter", "Blackburn", "spoke", ".", "Paris", "won"], sent_starts=[1, 0, 0, 0, 1, 0],
                    ents=["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O"])
    example = Example(nlp.make_doc(reference.text), reference)
    copies = list(case_copies(upper=1.0, lower=0.0, seed=0)(nlp, example))
    assert copies[0] is example
    assert [(c.reference.text, [(e.text, e.label_) for e in c.reference.ents]) for c in copies[1:]] == [
        ("PETER BLACKBURN SPOKE .", [("PETER BLACKBURN", "PERSON")]),
        ("PARIS WON", [("PARIS", "GPE")]),
    ]
    lower = list(case_copies(upper=0.0, lower=1.0, seed=0)(nlp, example))[1:]
    assert [c.reference.text for c in lower] == ["peter blackburn spoke .", "paris won"]
    assert list(case_copies(upper=0.0, lower=0.0, seed=0)(nlp, example)) == [example]


def test_the_name_score_counts_only_person_org_and_place_spans():
    nlp = spacy.blank("en")
    reference = Doc(nlp.vocab, words=["Peter", "met", "Germans", "in", "May"], ents=["B-PERSON", "O", "B-MISC", "O", "B-DATE"])
    predicted = Doc(nlp.vocab, words=["Peter", "met", "Germans", "in", "May"], ents=["B-ORG", "O", "O", "O", "O"])
    assert score_names([Example(predicted, reference)])["names_f"] == 0.0
    predicted = Doc(nlp.vocab, words=["Peter", "met", "Germans", "in", "May"], ents=["B-PERSON", "O", "O", "O", "O"])
    assert score_names([Example(predicted, reference)])["names_f"] == 1.0  # MISC and DATE missed: not names


def test_the_model_is_picked_by_the_mean_of_the_dev_sets_scores():
    nlp = spacy.blank("en")
    words = ["Peter", "met", "Anna"]
    conll = Doc(nlp.vocab, words=words, ents=["B-PERSON", "O", "B-PERSON"])
    wiki = Doc(nlp.vocab, words=words, ents=["B-PERSON", "O", "B-PERSON"], user_data={"dev_set": "wikigold"})
    examples = [Example(Doc(nlp.vocab, words=words, ents=["B-PERSON", "O", "B-PERSON"]), conll)]
    examples += [Example(Doc(nlp.vocab, words=words, ents=["B-PERSON"] + ["O"] * 2), wiki)]
    scores = score_names(examples)
    assert (scores["names_f_conll"], scores["names_f_wikigold"]) == (1.0, 2 / 3)
    assert scores["names_f"] == (1.0 + 2 / 3) / 2  # the mean of the sets, not the pooled counts


def test_the_shipped_model_names_no_training_only_function():
    config = (ROOT / "models" / "en_ner" / "config.cfg").read_text(encoding="utf-8")
    assert "newsents." not in config  # loads with plain spaCy, without training/code.py

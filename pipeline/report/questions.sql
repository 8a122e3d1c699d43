-- Example questions over the views documents, mentions and entities (python -m pipeline query).
-- Each block: a "-- name: question" line, then one SQL statement. tests/e2e/test_query.py runs
-- every one on the seeds and checks its answer; README.md shows this same text.

-- top-entities: Which are the five most mentioned entities of each label?
select label, name, name_ru, n_mentions, n_docs
from entities
qualify row_number() over (partition by label order by n_mentions desc, name) <= 5
order by label, n_mentions desc, name;

-- documents-of-entity: Which documents mention UNICEF, and how often?
select d.path, d.title, d.published, count(*) as n_mentions
from mentions m
join entities e using (entity_id)
join documents d using (doc_id)
where e.name = 'UNICEF'
group by all
order by n_mentions desc, d.path;

-- pairs-in-documents: Which entities appear together in the most documents?
with present as (select distinct doc_id, entity_id from mentions where entity_id is not null)
select a.name as entity_a, b.name as entity_b, count(*) as n_docs
from present p
join present q on p.doc_id = q.doc_id and p.entity_id < q.entity_id
join entities a on a.entity_id = p.entity_id
join entities b on b.entity_id = q.entity_id
group by all
order by n_docs desc, entity_a, entity_b
limit 10;

-- pairs-in-sentences: Which entities are named in the same sentence most often?
with present as (select distinct doc_id, sentence, entity_id from mentions where entity_id is not null)
select a.name as entity_a, b.name as entity_b, count(*) as n_sentences
from present p
join present q on p.doc_id = q.doc_id and p.sentence = q.sentence and p.entity_id < q.entity_id
join entities a on a.entity_id = p.entity_id
join entities b on b.entity_id = q.entity_id
group by all
order by n_sentences desc, entity_a, entity_b
limit 10;

-- dates-by-month: Which months do the news talk about (dates given to the day or month)?
select strftime(date_start, '%Y-%m') as month, count(*) as n_mentions, list(distinct date_value order by date_value) as date_values
from mentions
where label = 'DATE' and date_granularity in ('day', 'month')
group by month
order by month;

-- documents-by-status: How many documents got each status, and why were they not ok?
select status, count(*) as n_documents, list(path order by path)[1:3] as example_paths, min(error) as example_error
from documents
group by status
order by n_documents desc, status;

-- russian-entities: Which entities are written in Russian, with their base forms and English names?
select e.label, e.name_ru, e.name, e.wikidata_id,
       list(distinct m.text order by m.text) as as_written,
       list(distinct m.normalized order by m.normalized) as base_forms
from mentions m
join entities e using (entity_id)
where m.lang = 'ru'
group by all
order by e.label, e.name_ru;

-- people-in-context: Who is mentioned, and in which sentence (no join needed)?
select text, normalized, context
from mentions
where label = 'PER'
order by doc_id, start_char;

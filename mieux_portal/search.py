"""Search that understands the portal's languages: the one home of how text is searched.

Contract:
- On PostgreSQL a searchable model keeps a `search_vector` column (tsvector, GIN index),
  written by a trigger this module generates from a `Spec`: each translated field's column
  in its language's text-search configuration (`languages.Language.search_config`: Russian
  stemming for `title_ru`, English for `title_en`…), names and addresses in the `simple`
  configuration (no stemming: a name is no word of a language). The trigger is (re)installed
  after every `migrate`; when its text changes (a language added to the supported set), every
  row's vector is written again once. A `Copy` keeps a narrow table of each row's vector
  and a few of its columns, written by a trigger in the row's own statement, for searches
  that read no other column (a row of the searched table may be wide). A query word is
  looked up stemmed in every language's
  configuration and, unstemmed, as the start of a word, so "мигрантов" finds "мигранты",
  "таджикистан" finds "в Таджикистане" and "рахимова" the contact "Рахимова"; every word
  but stop words must match. Results rank with `ts_rank`. A query of rare and common words
  (a number beside "contact person") asks the index for its rare words only, by PostgreSQL's
  statistics of the vectors, and checks the whole query on the rows they find (`matching`):
  a common word's prefix would have the index read most of the table's row ids.
- On SQLite (the embedded default of `make run`) there is no stemming: every word must be
  contained in one of the fields, compared case-folded in every alphabet (SQLite's own LIKE
  folds ASCII only), through the `ucontains` lookup and the `mieux_fold` SQL function this
  module registers on each SQLite connection.

This module is infrastructure: the apps declare their `Spec` and call `register`.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import re
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, models, transaction
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, F, Func, Q, lookups
from django.db.models.signals import post_migrate

from mieux_portal import languages

MAX_WORDS = 8
# The annotation of a search's rank (`ranked`), by which the lists order their matches.
RANK = "search_rank"
# A shorter word is matched whole: as a prefix it would match a good part of the vocabulary.
PREFIX_MIN_LENGTH = 4
_WORD = re.compile(r"[^\W_]+")


def fold(value: str | None) -> str | None:
    """`value` compared without case in every alphabet ("Таджикистан" → "таджикистан")."""
    return None if value is None else unicodedata.normalize("NFKC", value).casefold()


def words(text: str) -> list[str]:
    """The words of a search box's text (letters and digits; at most `MAX_WORDS`)."""
    return _WORD.findall(text or "")[:MAX_WORDS]


def is_postgresql(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


# --- SQLite: case-folded containment ---------------------------------------------------


class UnicodeContains(lookups.IContains):
    """`field__ucontains="слово"`: contains, ignoring case in every alphabet. PostgreSQL's
    own `icontains` (UPPER … LIKE) already folds every alphabet; SQLite's does not."""

    lookup_name = "ucontains"

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"instr(mieux_fold({lhs}), %s) > 0", [*lhs_params, fold(str(self.rhs))]


models.CharField.register_lookup(UnicodeContains)
models.TextField.register_lookup(UnicodeContains)


def _add_fold_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("mieux_fold", 1, fold, deterministic=True)


connection_created.connect(_add_fold_function, dispatch_uid="mieux_portal.search.fold")


def contains_all(text: str, fields: Sequence[str]) -> Q:
    """Every word of `text` in one of `fields` (case-folded): the search without stemming."""
    query = Q()
    for word in words(text):
        query &= functools.reduce(operator.or_, (Q(**{f"{f}__ucontains": word}) for f in fields))
    return query


# --- PostgreSQL: the stored vector, its trigger and the query -------------------------


@dataclass(frozen=True)
class Dependency:
    """Another table whose columns the vector reads: a change to them clears the vectors of
    the rows pointing at it (`fk` in the searched table), and the trigger writes them again."""

    table: str
    columns: tuple[str, ...]
    fk: str


@dataclass(frozen=True)
class Copy:
    """A narrow table holding each row's vector and some of its columns, written by the
    searched table's trigger in the same statement as the row (inserted, changed, deleted):
    a search that reads only these columns reads no wide row. `key`: its column holding the
    row's id; `columns`: the searched table's columns copied, under the same names."""

    table: str
    key: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    """What a model's `search_vector` holds.

    `translated`: (field, weight) of modeltranslation fields, each language's column in its
    configuration; `plain`: (SQL expression over NEW, weight) in the `simple` configuration;
    `watched`: the columns whose change rewrites the vector (the translated ones are added).
    """

    table: str
    translated: tuple[tuple[str, str], ...] = ()
    plain: tuple[tuple[str, str], ...] = ()
    watched: tuple[str, ...] = ()
    dependencies: tuple[Dependency, ...] = field(default=())
    copy: Copy | None = None

    @property
    def name(self) -> str:
        return f"{self.table}_search"

    def columns(self) -> list[str]:
        translated = [
            f"{name}_{language.code}"
            for name, _w in self.translated
            for language in languages.SUPPORTED
        ]
        return [*translated, *self.watched]

    def vector_sql(self) -> str:
        parts = [
            f"setweight(to_tsvector('{language.search_config}'::regconfig, "
            f"coalesce(NEW.\"{name}_{language.code}\", '')), '{weight}')"
            for name, weight in self.translated
            for language in languages.SUPPORTED
        ]
        parts += [
            f"setweight(to_tsvector('simple'::regconfig, coalesce({sql}, '')), '{weight}')"
            for sql, weight in self.plain
        ]
        return " || ".join(parts)

    def trigger_sql(self) -> list[str]:
        changed = " OR ".join(
            f'OLD."{column}" IS DISTINCT FROM NEW."{column}"' for column in self.columns()
        )
        body = f"BEGIN NEW.search_vector := {self.vector_sql()}; RETURN NEW; END"
        statements = [
            f"CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $body$ {body} $body$",
            f'DROP TRIGGER IF EXISTS {self.name}_insert ON "{self.table}"',
            f'DROP TRIGGER IF EXISTS {self.name}_update ON "{self.table}"',
            f'CREATE TRIGGER {self.name}_insert BEFORE INSERT ON "{self.table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {self.name}()",
            f'CREATE TRIGGER {self.name}_update BEFORE UPDATE ON "{self.table}" FOR EACH ROW '
            f"WHEN (NEW.search_vector IS NULL OR {changed}) EXECUTE FUNCTION {self.name}()",
        ]
        for dependency in self.dependencies:
            function = f"{self.name}_{dependency.table}"
            moved = " OR ".join(
                f'OLD."{column}" IS DISTINCT FROM NEW."{column}"' for column in dependency.columns
            )
            statements += [
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "  # noqa: S608 - the spec's own names
                f'AS $body$ BEGIN UPDATE "{self.table}" SET search_vector = NULL '
                f'WHERE "{dependency.fk}" = NEW.id; RETURN NULL; END $body$',
                f'DROP TRIGGER IF EXISTS {function} ON "{dependency.table}"',
                f'CREATE TRIGGER {function} AFTER UPDATE ON "{dependency.table}" FOR EACH ROW '
                f"WHEN ({moved}) EXECUTE FUNCTION {function}()",
            ]
        return statements

    def copy_sql(self) -> list[str]:
        """The trigger writing `copy`'s row of each row (after the vector is written)."""
        if self.copy is None:
            return []
        copy, function = self.copy, f"{self.name}_copy"
        columns = [*copy.columns, "search_vector"]
        names = ", ".join(f'"{column}"' for column in columns)
        values = ", ".join(f'NEW."{column}"' for column in columns)
        updates = ", ".join(f'"{column}" = EXCLUDED."{column}"' for column in columns)
        changed = " OR ".join(
            f'OLD."{column}" IS DISTINCT FROM NEW."{column}"' for column in columns
        )
        body = (
            f"BEGIN IF TG_OP = 'DELETE' THEN "  # noqa: S608 - the spec's own names
            f'DELETE FROM "{copy.table}" WHERE "{copy.key}" = OLD.id; '
            f'ELSE INSERT INTO "{copy.table}" ("{copy.key}", {names}) VALUES (NEW.id, {values}) '
            f'ON CONFLICT ("{copy.key}") DO UPDATE SET {updates}; END IF; RETURN NULL; END'
        )
        return [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $body$ {body} $body$",
            f'DROP TRIGGER IF EXISTS {function} ON "{self.table}"',
            f'DROP TRIGGER IF EXISTS {function}_update ON "{self.table}"',
            f'CREATE TRIGGER {function} AFTER INSERT OR DELETE ON "{self.table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            f'CREATE TRIGGER {function}_update AFTER UPDATE ON "{self.table}" FOR EACH ROW '
            f"WHEN ({changed}) EXECUTE FUNCTION {function}()",
        ]

    def fill_sql(self) -> list[str]:
        """`copy`'s rows written anew from the searched table's (after its vectors), then
        its statistics: until autovacuum came by, the searches of a copy filled by
        `migrate` were planned without any (a search of the queue took half as long again)."""
        if self.copy is None:
            return []
        copy = self.copy
        columns = [*copy.columns, "search_vector"]
        names = ", ".join(f'"{column}"' for column in columns)
        return [
            f'TRUNCATE "{copy.table}"',
            f'INSERT INTO "{copy.table}" ("{copy.key}", {names}) '  # noqa: S608 - the spec's own names
            f'SELECT id, {names} FROM "{self.table}"',
            f'ANALYZE "{copy.table}"',
        ]


def _fingerprint(statements: list[str]) -> str:
    return hashlib.sha256(";".join(statements).encode()).hexdigest()[:16]


def _installed(cursor: Any, function: str, statements: list[str]) -> bool:
    """Whether `statements` are those that installed `function` (its comment)."""
    cursor.execute(
        "SELECT obj_description(oid, 'pg_proc') FROM pg_proc WHERE proname = %s", [function]
    )
    row = cursor.fetchone()
    return bool(row) and row[0] == _fingerprint(statements)


def install(spec: Spec, using: str = "default") -> bool:
    """Install (or replace) the triggers of `spec`: when the vector's changed, rewrite every
    vector; when it or the copy's changed, write every row of the copy again. True when
    the vectors were rewritten. Nothing to do off PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    rewritten = False
    with connection.cursor() as cursor:
        statements = spec.trigger_sql()
        if not _installed(cursor, spec.name, statements):
            for statement in statements:
                cursor.execute(statement)
            # The update trigger writes each vector again (its WHEN sees the NULL).
            cursor.execute(f'UPDATE "{spec.table}" SET search_vector = NULL')  # noqa: S608 - a model's table
            cursor.execute(f"COMMENT ON FUNCTION {spec.name}() IS '{_fingerprint(statements)}'")
            rewritten = True
        copying = spec.copy_sql()
        if copying and (rewritten or not _installed(cursor, f"{spec.name}_copy", copying)):
            # The copy's trigger, then every row copied, at once for those who read it.
            with transaction.atomic(using=using):
                for statement in copying + spec.fill_sql():
                    cursor.execute(statement)
                cursor.execute(
                    f"COMMENT ON FUNCTION {spec.name}_copy() IS '{_fingerprint(copying)}'"
                )
    return rewritten


def register(app_config: Any, *specs: Spec) -> None:
    """Install the app's triggers after each `migrate` (PostgreSQL only)."""

    def installed(sender: Any, using: str = "default", **kwargs: Any) -> None:
        for spec in specs:
            install(spec, using)

    post_migrate.connect(installed, sender=app_config, weak=False)


def configs() -> list[str]:
    """The text-search configurations of the supported languages, each once."""
    return list(dict.fromkeys(language.search_config for language in languages.SUPPORTED))


class WrittenQuery(SearchQuery):
    """A tsquery given as its text, read as it is (`'…'::tsquery`): lexemes PostgreSQL's
    configurations made already (:func:`alternatives`), not parsed again."""

    template = "%(expressions)s::tsquery"
    groups: tuple[str, ...] = ()


# Each word's alternatives as tsquery text ("" for a stop word), asked of PostgreSQL once.
_alternatives: dict[str, str] = {}


def _is_number(word: str) -> bool:
    # ASCII digits: every configuration keeps a number whole (the parser's integer), so
    # a reference's number is not asked (each search of a reference would ask anew).
    return word.isascii() and word.isdigit()


def alternatives(ws: Sequence[str], using: str = "default") -> dict[str, str]:
    """Each word's alternatives, as the text of a tsquery: the word unstemmed, as the start
    of a word (`PREFIX_MIN_LENGTH`), or stemmed in any language's configuration, each
    alternative once ("reintegration" is 'reintegr' in three configurations); "" for a stop
    word ("и", "the", "de") of any configuration (a text in that language has no such word
    in its vector, so requiring it would find nothing). Asked of PostgreSQL once per word,
    then remembered."""
    unknown = [w for w in dict.fromkeys(ws) if w not in _alternatives and not _is_number(w)]
    if unknown:
        if len(_alternatives) > 10_000:
            _alternatives.clear()
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT w, to_tsquery('simple', u)::text, ARRAY(SELECT "
                "plainto_tsquery(c::regconfig, w)::text FROM unnest(%s::text[]) "
                "WITH ORDINALITY AS c(c, n) ORDER BY n) FROM unnest(%s::text[], %s::text[]) "
                "AS t(w, u)",
                [configs(), unknown, [_unstemmed(w) for w in unknown]],
            )
            for word, unstemmed, stems in cursor.fetchall():
                _alternatives[word] = "" if "" in stems else _either([unstemmed, *stems])
    return {w: _number(w) if _is_number(w) else _alternatives[w] for w in ws}


def _number(word: str) -> str:
    # What PostgreSQL makes of it: to_tsquery('simple', '0042:*') is '0042':*, and every
    # configuration's plainto_tsquery('0042') is '0042' (tests/search checks it).
    prefix = f"'{word}':*" if len(word) >= PREFIX_MIN_LENGTH else f"'{word}'"
    return _either([prefix, f"'{word}'"])


def _unstemmed(word: str) -> str:
    return f"{word}:*" if len(word) >= PREFIX_MIN_LENGTH else word


def _either(parts: Sequence[str]) -> str:
    kept = dict.fromkeys(f"( {part} )" if " " in part else part for part in parts if part)
    return " | ".join(kept)


def meaningful(ws: Sequence[str], using: str = "default") -> list[str]:
    """The words that are no stop word in any language's configuration (`alternatives`)."""
    found = alternatives(ws, using)
    return [word for word in ws if found.get(word)]


def ts_query(text: str, using: str = "default") -> WrittenQuery | None:
    """Every meaningful word of `text`, each stemmed in any language's configuration, or
    unstemmed as the start of a word (names are not stemmed, and a stemmer may cut a word
    short of the form a text holds); None when the text has no such word.

    Written out as one tsquery (`WrittenQuery`), each alternative once: the index looks
    each one up, and PostgreSQL plans a literal rather than five functions a word. Its
    `groups` are the words' alternatives, each of which a match holds (`matching`)."""
    ws = [fold(word) or "" for word in words(text)]
    found = alternatives(ws, using)
    groups = [found[word] for word in ws if found.get(word)]
    if not groups:
        return None
    query = WrittenQuery(_all_of(groups))
    query.groups = tuple(groups)
    return query


def _all_of(groups: Sequence[str]) -> str:
    return " & ".join(f"( {group} )" for group in groups)


# --- PostgreSQL: which words the index looks up --------------------------------------

# A word's alternatives found in at most RARE of the rows (PostgreSQL's statistics) are
# "rare", in COMMON or more "common". Beside a common word, the index is asked for the rare
# words, and the whole query checked on those rows: a word's prefix ('contact':*) is looked
# up by reading every row id of every lexeme it starts (most of the table for a common
# word) before the index can combine it with a rare word's few. A row checked costs some
# tens of ids: without a common word, the index reading the whole query costs less.
RARE = 0.01
COMMON = 0.1
# How long a process keeps a table's statistics (ANALYZE renews them as the table grows).
STATISTICS_SECONDS = 600
_statistics: dict[tuple[str, str], tuple[float, dict[str, float], float | None]] = {}
_LEXEME = re.compile(r"'((?:[^']|'')*)'(:\*)?")


class Matches(Func):
    """`vector @@ query` as a function call: checked on each row, never an index's
    condition (the index is asked for the rare words only, `matching`)."""

    function = "ts_match_vq"
    output_field = BooleanField()


def lexeme_frequencies(table: str, using: str = "default") -> tuple[dict[str, float], float | None]:
    """The share of `table`'s rows holding each of the most common lexemes of its
    `search_vector`, and the share below which a lexeme is not listed (None without
    statistics): PostgreSQL's own (`pg_stats`, renewed by ANALYZE), read once per
    `STATISTICS_SECONDS` in each process."""
    key = (using, table)
    kept = _statistics.get(key)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1], kept[2]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s",
            [table, "search_vector"],
        )
        row = cursor.fetchone()
    lexemes, shares = row if row and row[0] and row[1] else ([], [])
    # The shares of the lexemes, then the least and the greatest of them.
    frequencies = dict(zip(lexemes, shares, strict=False)) if lexemes else {}
    floor = shares[len(lexemes)] if lexemes and len(shares) > len(lexemes) else None
    _statistics[key] = (time.monotonic() + STATISTICS_SECONDS, frequencies, floor)
    return frequencies, floor


# Each group's share (`share`), with the statistics it was estimated from.
_shares: dict[str, tuple[dict[str, float], float, float]] = {}


def share(group: str, frequencies: dict[str, float], floor: float) -> float:
    """How many of the rows (a share) hold one of a word's alternatives, as estimated from
    the most common lexemes: a lexeme not among them is rarer than `floor`. Remembered
    with those statistics (a prefix is compared with each of the lexemes)."""
    kept = _shares.get(group)
    if kept is not None and kept[0] is frequencies and kept[1] == floor:
        return kept[2]
    total = 0.0
    for lexeme, prefix in _LEXEME.findall(group):
        lexeme = lexeme.replace("''", "'")
        if prefix:
            total += floor + sum(f for lex, f in frequencies.items() if lex.startswith(lexeme))
        else:
            total += frequencies.get(lexeme, floor)
    if len(_shares) > 10_000:
        _shares.clear()
    _shares[group] = (frequencies, floor, min(total, 1.0))
    return min(total, 1.0)


# A search whose rarest word is found in fewer of the rows is counted through the index
# (`through_index`).
INDEX_SHARE = 0.3


def through_index(text: str, table: str, using: str = "default") -> bool:
    """Whether the rows of `table` matching `text` are best found through the vectors'
    index, by PostgreSQL's statistics: when its rarest word is in fewer than `INDEX_SHARE`
    of the rows. PostgreSQL prices a vector's match at one operator's cost a row, where
    unpacking the vector costs tens: counting up to a cap, it reads the table in order
    until the cap's matches are found, the longer the rarer they are."""
    query = ts_query(text, using)
    if query is None:
        return False
    frequencies, floor = lexeme_frequencies(table, using)
    if floor is None:
        return False
    return min(share(group, frequencies, floor) for group in query.groups) < INDEX_SHARE


@contextmanager
def index_scans(using: str = "default") -> Iterator[None]:
    """The queries run inside without sequential scans where there is another way
    (PostgreSQL's `enable_seqscan`), and only they: the setting is made for a transaction of
    their own (`SET LOCAL`), which a failed query's rollback undoes and which ends with
    them. No exception, however raised, leaves a kept connection (CONN_MAX_AGE) without
    sequential scans for the next page.

    Outside a transaction (the portal's pages), each query is sent with the setting in one
    message (`one_message_scans`): PostgreSQL runs a message of several statements as one
    transaction, so the setting is undone with the query's end, in the query's round trip,
    where a BEGIN, the setting, the query, a RESET and a COMMIT were five. Inside a
    transaction, in a savepoint, and reset after the queries."""
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    connection = connections[using]
    if not connection.in_atomic_block and connection.get_autocommit() and not is_psycopg3:
        with connection.execute_wrapper(one_message_scans):
            yield
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        cursor.execute("RESET enable_seqscan")


def one_message_scans(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    """A query sent after `SET LOCAL enable_seqscan = off` in the same message (a connection
    execute wrapper of `index_scans`). psycopg2 sends a statement with its parameters in
    place, as one simple query, and gives the rows of its last statement; a statement run
    for several sets of parameters (`many`) is sent as it is."""
    if many:
        return execute(sql, params, many, context)
    return execute(f"SET LOCAL enable_seqscan = off; {sql}", params, many, context)


def matching(query: WrittenQuery, table: str, using: str = "default") -> Q:
    """The rows of `table` whose vector matches `query`: through the index by the query's
    rare words when it has both rare and common ones (a number or a name beside "contact
    person"), each row found checked against the whole query; else the whole query through
    the index. The same rows either way."""
    groups = getattr(query, "groups", ())
    if len(groups) > 1:
        frequencies, floor = lexeme_frequencies(table, using)
        if floor is not None:
            shares = [share(group, frequencies, floor) for group in groups]
            rare = [group for group, part in zip(groups, shares, strict=True) if part <= RARE]
            if rare and max(shares) >= COMMON:
                return Q(search_vector=WrittenQuery(_all_of(rare))) & Q(
                    Matches(F("search_vector"), query)
                )
    return Q(search_vector=query)


def ranked(queryset: models.QuerySet[Any], query: SearchQuery) -> models.QuerySet[Any]:
    """`queryset` annotated with `search_rank` (`RANK`), how well each vector matches `query`."""
    return queryset.annotate(**{RANK: SearchRank(F("search_vector"), query)})

"""PostgreSQL expressions the full-text and trigram searches are built of."""

from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Func, TextField, Value
from django.db.models.sql.compiler import SQLCompiler


class StemPrefixQuery(SearchQuery):
    """``websearch_to_tsquery`` whose stems of three letters or more match as prefixes:
    ``'побратим'`` becomes ``'побратим':*``, which also matches ``'побратимск'``."""

    # Django's SearchQuery.as_sql takes these four arguments; django-stubs give it Func's wider
    # signature (arg_joiner, **extra_context), which SearchQuery would not accept.
    def as_sql(  # type: ignore[override]
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
    ) -> tuple[str, list[Any]]:
        sql, params = super().as_sql(compiler, connection, function, template)
        return (
            f"REGEXP_REPLACE(({sql})::text, %s, %s, 'g')::tsquery",
            [*params, r"'([^']{3,})'", r"'\1':*"],
        )


class WordSimilar(Func):
    """PostgreSQL ``text <% field``: the field has an extent similar to ``text`` (pg_trgm;
    served by a GIN trigram index, threshold ``pg_trgm.word_similarity_threshold``)."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class HtmlToText(Func):
    """PostgreSQL: stored (sanitised) rich text with its tags replaced by spaces."""

    function = "REGEXP_REPLACE"
    output_field = TextField()

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, Value("<[^>]*>"), Value(" "), Value("g"))

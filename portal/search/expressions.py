"""PostgreSQL expressions the full-text and trigram searches are built of."""

from django.contrib.postgres.search import SearchQuery
from django.db.models import BooleanField, Func, TextField, Value


class StemPrefixQuery(SearchQuery):
    """``websearch_to_tsquery`` whose stems of three letters or more match as prefixes:
    ``'побратим'`` becomes ``'побратим':*``, which also matches ``'побратимск'``."""

    def as_sql(self, compiler, connection, function=None, template=None):
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

    def __init__(self, expression) -> None:
        super().__init__(expression, Value("<[^>]*>"), Value(" "), Value("g"))

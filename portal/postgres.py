"""PostgreSQL-only database pieces that must leave the embedded SQLite database working."""

from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState


class PostgresOnly(Operation):
    """Run ``operation`` on PostgreSQL and do nothing on any other database.

    For extensions (pg_trgm) and index types (GIN) that SQLite does not have. The migration
    state is left alone: such indexes are not declared in the model's ``Meta`` (SQLite could
    not rebuild the table with them), so ``makemigrations`` has nothing to add or remove.
    """

    reduces_to_sql = True

    def __init__(self, operation: Operation) -> None:
        self.operation = operation

    # A property where Operation has a class attribute: it is the wrapped operation's.
    @property
    def reversible(self) -> bool:  # type: ignore[override]
        return self.operation.reversible

    def deconstruct(self) -> tuple[str, list[Operation], dict[str, Any]]:
        return self.__class__.__qualname__, [self.operation], {}

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"{self.operation.describe()} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return self.operation.migration_name_fragment

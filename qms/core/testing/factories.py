"""The base of every model factory: test set-up writes need no audit event.

The test-time audit guard (audit_guard.py) fails a test whose tenant writes have no audit
event; rows a factory creates are set-up, not behaviour under test, so `_create` runs inside
`allow_unaudited_writes()`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from factory.django import DjangoModelFactory

from .audit_guard import allow_unaudited_writes

T = TypeVar("T")


class ModelFactory(DjangoModelFactory[T]):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        with allow_unaudited_writes():
            return super()._create(model_class, *args, **kwargs)

    @classmethod
    def _generate(cls, strategy: Any, params: Any) -> Any:
        # Also covers post-generation hooks (many-to-many adds) and sub-factories.
        with allow_unaudited_writes():
            return super()._generate(strategy, params)

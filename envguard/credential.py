"""``envguard.credential(...)``: name a model field's credential format (or formats).

``Annotated[SecretStr, envguard.credential("stripe.secret_key")]`` tells ``load(Model)`` and
``check --model`` which built-in (or schema) credential format the field holds, so the
provider's checks apply (a live key where a test one is expected, a malformed key) whatever
the field is called. A field that takes either of several formats names them all
(``credential("stripe.secret_key", "stripe.restricted_key")``), as a schema's
``credential = [...]`` does. It is plain metadata: pydantic ignores it, and defining a model imports
nothing else of envguard.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Credential:
    """A field's credential format ids, as ``provider.kind`` or the schema id (checked when
    the model is validated, against the formats envguard knows)."""

    ids: tuple[str, ...]

    @property
    def format_ids(self) -> tuple[str, ...]:
        """``stripe.secret_key`` -> ``stripe-secret-key``, the ids schema pieces declare."""
        return tuple(i.replace(".", "-").replace("_", "-") for i in self.ids)


def credential(format_id: str, *more: str) -> Credential:
    """Field metadata naming the credential format: ``credential("openai.project_key")``;
    a value of any of several formats passes: ``credential("a.key", "b.key")``."""
    return Credential((format_id, *more))

"""``envguard.credential(...)``: name a model field's credential format.

``Annotated[SecretStr, envguard.credential("stripe.secret_key")]`` tells ``load(Model)`` and
``check --model`` which built-in (or schema) credential format the field holds, so the
provider's checks apply (a live key where a test one is expected, a malformed key) whatever
the field is called. It is plain metadata: pydantic ignores it, and defining a model imports
nothing else of envguard.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Credential:
    """A field's credential format id, as ``provider.kind`` or the schema id (checked when
    the model is validated, against the formats envguard knows)."""

    id: str

    @property
    def format_id(self) -> str:
        """``stripe.secret_key`` -> ``stripe-secret-key``, the id schema pieces declare."""
        return self.id.replace(".", "-").replace("_", "-")


def credential(format_id: str) -> Credential:
    """Field metadata naming the credential format: ``credential("openai.project_key")``."""
    return Credential(format_id)

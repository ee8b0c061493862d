"""A pydantic-settings class built from the values envguard read, by pydantic-settings itself.

envguard reads the layered files and the given environment; pydantic-settings then does
what it always does with them (aliases, ``AliasChoices``, ``env_prefix``,
``env_nested_delimiter``, JSON for complex types, case rules, ``env_ignore_empty``...) through
its own ``EnvSettingsSource``, fed with those values instead of ``os.environ``. Its dotenv
and secrets-directory sources are replaced by empty ones, so no file is read that the caller
did not pass (the class's own ``model_config.env_file`` included) and the real process
environment never leaks into ``load(Model, environ={...})``. A class's own
``settings_customise_sources`` still orders the sources.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, TypeVar, cast

from envguard.errors import InputError

_F = TypeVar("_F", bound=Callable[..., Any])

# Imports inside functions are deliberate: pydantic-settings is a user's dependency, loaded
# only when a user's settings class is given.


def is_settings_class(model: type[Any]) -> bool:
    """A pydantic-settings ``BaseSettings`` subclass, told without importing the package."""
    return any(c.__name__ == "BaseSettings" and c.__module__.startswith("pydantic_settings")
               for c in model.__mro__)


def build(model: type[Any], values: Mapping[str, str]) -> Any:
    """``model`` instantiated from ``values`` alone; pydantic's and pydantic-settings'
    own errors (``ValidationError``, ``SettingsError``) propagate for the caller to translate."""
    from pydantic_settings import BaseSettings

    if not _can_build_sources(BaseSettings):
        raise InputError("this pydantic-settings is too old for envguard's load(Model) and "
                         "check --model: upgrade it (pip install -U pydantic-settings)")
    return model(_build_sources=(sources(model, values), {}))


@lru_cache(maxsize=1)
def _can_build_sources(base: type[Any]) -> bool:
    return "_build_sources" in inspect.signature(base.__init__).parameters


def sources(model: type[Any], values: Mapping[str, str]) -> tuple[Any, ...]:
    """The class's sources, in its own order, with envguard's values as the environment."""
    from pydantic_settings.sources import DefaultSettingsSource, InitSettingsSource

    partial = model.model_config.get("nested_model_default_partial_update")
    default = DefaultSettingsSource(model, nested_model_default_partial_update=partial)
    init = InitSettingsSource(model, init_kwargs={}, nested_model_default_partial_update=partial)
    chosen: tuple[Any, ...] = model.settings_customise_sources(
        model, init_settings=init, env_settings=given_source(model, values),
        dotenv_settings=_nothing(model), file_secret_settings=_nothing(model))
    return (*chosen, default)


def given_source(model: type[Any], values: Mapping[str, str]) -> Any:
    """pydantic-settings' own ``EnvSettingsSource``, reading ``values`` for ``os.environ``."""
    return _source_classes()[0](model, values)


def _nothing(model: type[Any]) -> Any:
    return _source_classes()[1](model)


@lru_cache(maxsize=1)
def _source_classes() -> tuple[type[Any], type[Any]]:
    """The two source classes, made once: a class statement per ``load()`` cost more than
    the rest of building the sources."""
    from pydantic_settings import EnvSettingsSource, PydanticBaseSettingsSource
    from pydantic_settings.sources.utils import parse_env_vars

    class EnvguardSource(EnvSettingsSource):
        def __init__(self, model: type[Any], given: Mapping[str, str]) -> None:
            self.given = given  # read by __init__ itself, through _load_env_vars
            super().__init__(model)

        def _load_env_vars(self) -> Mapping[str, str | None]:
            return parse_env_vars(self.given, self.case_sensitive, self.env_ignore_empty,
                                  self.env_parse_none_str)

    class NoFiles(PydanticBaseSettingsSource):
        """Stands in for the dotenv and secrets-directory sources: envguard reads files."""

        def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
            return None, field_name, False

        def __call__(self) -> dict[str, Any]:
            return {}

    return EnvguardSource, NoFiles


#: A class's fields do not change once it is built, so what is worked out from them alone
#: is kept per class; classes made on the fly (tests) must not pile up.
def per_class(fn: _F) -> _F:
    return cast(_F, lru_cache(maxsize=64)(fn))


@per_class
def field_env_names(model: type[Any]) -> tuple[dict[str, list[str]], bool, str]:
    """``{field name: the env names pydantic-settings looks up, in its order}``, whether
    names are case sensitive, and the nested delimiter ("" for none). Names are as
    pydantic-settings compares them (lower case unless case sensitive)."""
    source = given_source(model, {})
    names = {name: [env for _, env, _ in source._extract_field_info(info, name)]
             for name, info in model.model_fields.items()}
    return names, bool(source.case_sensitive), source.env_nested_delimiter or ""

"""The peer: VibeLog's zod schema as a pydantic-settings class, as a team would write it."""

from __future__ import annotations

from typing import Literal

from pydantic import AnyUrl, Field, SecretStr
from pydantic_settings import BaseSettings


class VibelogSettings(BaseSettings):
    NODE_ENV: Literal["development", "staging", "production"]
    NEXT_PUBLIC_APP_URL: AnyUrl
    DATABASE_URL: AnyUrl
    DIRECT_URL: AnyUrl
    NEXTAUTH_SECRET: SecretStr = Field(min_length=32)
    NEXTAUTH_URL: AnyUrl
    OPENAI_API_KEY: SecretStr
    ANTHROPIC_API_KEY: SecretStr | None = None
    SUPABASE_URL: AnyUrl
    SUPABASE_ANON_KEY: str
    SUPABASE_SERVICE_ROLE_KEY: SecretStr
    SENTRY_DSN: AnyUrl | None = None
    POSTHOG_KEY: str | None = None
    RESEND_API_KEY: SecretStr | None = None
    STRIPE_SECRET_KEY: SecretStr | None = None
    NEW_EDITOR: bool = False
    BATCH_PROCESSING: bool = False
    TEAM_FEATURES: bool = False
    DEBUG_MODE: bool = False

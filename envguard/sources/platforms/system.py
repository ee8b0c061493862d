"""Which variables a platform sets itself, and which export formats come from which platform.

Used to tell a platform-provided variable that arrived in the platform's own export
(normal: ``vercel env pull`` adds ``VERCEL_ENV``) from one written by hand into a .env
file or another platform's settings (a value the platform will override or that drifts).
Tokens that users set for the platform's CLI (``VERCEL_TOKEN``, ``RAILWAY_TOKEN``) share
the prefix but are user configuration, so they are listed as exceptions.
Sources: ../shared/docs/platforms.md (Vercel, Railway, Doppler, Render, Netlify sections).
"""

from __future__ import annotations

PLATFORM_PREFIXES: dict[str, tuple[str, ...]] = {
    "vercel": ("VERCEL_", "TURBO_"),
    "railway": ("RAILWAY_",),
    "heroku": ("HEROKU_",),
    "netlify": ("NETLIFY_",),
    "doppler": ("DOPPLER_",),
    "render": ("RENDER_",),
    "fly": ("FLY_",),
}
PLATFORM_NAMES: dict[str, frozenset[str]] = {
    "vercel": frozenset({"VERCEL", "NX_DAEMON"}),
    "netlify": frozenset({"NETLIFY"}),
    "render": frozenset({"RENDER", "IS_PULL_REQUEST"}),
    "heroku": frozenset({"DYNO"}),
}
USER_SET = frozenset({
    "VERCEL_TOKEN", "VERCEL_ORG_ID", "VERCEL_PROJECT_ID", "RAILWAY_TOKEN",
    "RAILWAY_API_TOKEN", "HEROKU_API_KEY", "NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID",
    "DOPPLER_TOKEN", "FLY_API_TOKEN", "RENDER_API_KEY",
})

#: Export formats written by a platform's own tooling -> that platform.
FORMAT_PLATFORM: dict[str, str] = {
    "vercel": "vercel", "vercel-ls": "vercel",
    "railway-json": "railway", "railway-kv": "railway",
    "heroku-json": "heroku", "heroku-shell": "heroku", "heroku-table": "heroku",
    "netlify-json": "netlify", "netlify-plain": "netlify",
    "doppler-json": "doppler", "doppler-env": "doppler", "doppler-secrets": "doppler",
    "doppler-yaml": "doppler", "fly": "fly",
}


def platform_of(key: str) -> str | None:
    """The platform that sets ``key`` itself, or None for user configuration."""
    if key in USER_SET:
        return None
    for platform, names in PLATFORM_NAMES.items():
        if key in names:
            return platform
    for platform, prefixes in PLATFORM_PREFIXES.items():
        if key.startswith(prefixes):
            return platform
    return None


def set_by_hand(key: str, fmt: str, platform: str | None = None) -> bool:
    """True when a platform variable came from somewhere other than its platform's export."""
    owner = platform or platform_of(key)
    return FORMAT_PLATFORM.get(fmt) != owner if owner else fmt not in FORMAT_PLATFORM

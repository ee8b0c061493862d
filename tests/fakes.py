"""Fake credentials generated at test time.

Real-looking keys are never committed as literals (scanners, push protection and the
project's own hooks would rightly flag them); tests build them from their shapes here.
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase

_rng = random.Random(20261122)


def token(n: int, alphabet: str = ALNUM, rng: random.Random | None = None) -> str:
    r = rng or _rng
    return "".join(r.choice(alphabet) for _ in range(n))


def stripe_key(kind: str = "sk", mode: str = "live", n: int = 99) -> str:
    return f"{kind}_{mode}_{token(n)}"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(payload: dict[str, object], header: dict[str, object] | None = None) -> str:
    head = header or {"alg": "HS256", "typ": "JWT"}
    return ".".join([
        b64url(json.dumps(head).encode()),
        b64url(json.dumps(payload).encode()),
        b64url(token(32).encode()),
    ])


def supabase_jwt(role: str, ref: str | None = None) -> str:
    return jwt({"iss": "supabase", "ref": ref or token(20, string.ascii_lowercase),
                "role": role, "iat": 1700000000, "exp": 2000000000})


def checksummed(prefix: str) -> str:
    """A GitHub/npm style token (prefix of 4 chars incl. '_') with a valid CRC32 checksum."""
    body = token(30)
    n = zlib.crc32(body.encode())
    chk = ""
    while n:
        n, r = divmod(n, 62)
        chk = B62[r] + chk
    return prefix + body + chk.rjust(6, "0")


def clerk_publishable(mode: str = "test", host: str = "fake-mole-42.clerk.accounts.dev") -> str:
    return f"pk_{mode}_" + base64.b64encode(f"{host}$".encode()).decode().rstrip("=")


# ---------------------------------------------------------------------------------------
# Secret scanning: one generator per credential kind, for tests and benchmarks/scan_*.py.
# Each returns a value with fresh random key material; none is a real credential.

B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "-_"
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits


def _uuid(rng: random.Random | None = None) -> str:
    h = token(32, HEX, rng)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def password(rng: random.Random | None = None) -> str:
    """A human-ish strong password: letters, digits and a symbol, 12-16 chars."""
    r = rng or _rng
    body = token(r.randint(10, 14), ALNUM, r)
    return body[:4] + r.choice("!#%+=?") + str(r.randint(10, 99)) + body[4:]


def secret_kinds(rng: random.Random | None = None) -> dict[str, tuple[str, str]]:
    """``kind -> (env name, value)`` for every secret kind the scanner must catch.

    The name is what the value is conventionally assigned to; kinds whose shape has no
    prefix (32 hex, UUIDs) are only recognisable under that name.
    """
    r = rng or _rng

    def t(n: int, alphabet: str = ALNUM) -> str:
        return token(n, alphabet, r)

    pem_body = "\\n".join(t(64, B64) for _ in range(4))
    upload = base64.b64encode(json.dumps(
        {"apiKey": "sk_live_" + t(64, HEX), "appId": t(10, LOWER_ALNUM),
         "regions": ["sea1"]}, separators=(",", ":")).encode()).decode().rstrip("=")
    sentry_org = base64.b64encode(json.dumps(
        {"iat": 1700000000.0, "url": "https://sentry.io", "region_url": "https://us.sentry.io",
         "org": "acme"}, separators=(",", ":")).encode()).decode().rstrip("=")
    pw = password(r)
    return {
        "stripe-secret": ("STRIPE_SECRET_KEY", f"sk_live_51{t(97)}"),
        "stripe-restricted": ("STRIPE_RESTRICTED_KEY", f"rk_live_{t(24)}"),
        "stripe-webhook": ("STRIPE_WEBHOOK_SECRET", f"whsec_{t(32)}"),
        "clerk-secret": ("CLERK_SECRET_KEY", f"sk_live_{t(43)}"),
        "clerk-webhook": ("CLERK_WEBHOOK_SECRET", f"whsec_{t(30, B64)}+/{t(4)}"),
        "supabase-service-role": ("SUPABASE_SERVICE_ROLE_KEY", supabase_jwt("service_role")),
        "supabase-secret": ("SUPABASE_SECRET_KEY", f"sb_secret_{t(22, URLSAFE)}_{t(8)}"),
        "supabase-pat": ("SUPABASE_ACCESS_TOKEN", f"sbp_{t(40, HEX)}"),
        "neon-url": ("DATABASE_URL",
                     f"postgresql://neondb_owner:npg_{t(12)}@ep-{t(6, string.ascii_lowercase)}-"
                     f"{t(8, LOWER_ALNUM)}-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require"),
        "postgres-url": ("DATABASE_URL",
                         f"postgres://app:{t(16)}@db.{t(6, 'abcdefghij')}.prod-db.net:5432/app"),
        "redis-url": ("REDIS_URL",
                      f"rediss://default:{t(32)}@cache-{t(5, 'abcdefgh')}.redis-host.io:6379"),
        "upstash-redis-url": ("KV_URL",
                              f"rediss://default:{t(34)}@us1-merry-cat-{t(5, HEX[:10])}"
                              ".upstash.io:6379"),
        "upstash-rest-token": ("UPSTASH_REDIS_REST_TOKEN", f"AX{t(60, URLSAFE)}"),
        "pusher-secret": ("PUSHER_SECRET", t(20, HEX)),
        "uploadthing-token": ("UPLOADTHING_TOKEN", upload),
        "uploadthing-secret": ("UPLOADTHING_SECRET", f"sk_live_{t(64, HEX)}"),
        "resend": ("RESEND_API_KEY", f"re_{t(8)}_{t(24)}"),
        "sendgrid": ("SENDGRID_API_KEY", f"SG.{t(22, URLSAFE)}.{t(43, URLSAFE)}"),
        "sentry-user": ("SENTRY_AUTH_TOKEN", f"sntryu_{t(64, HEX)}"),
        "sentry-org": ("SENTRY_AUTH_TOKEN", f"sntrys_{sentry_org}_{t(43)}"),
        "posthog-personal": ("POSTHOG_PERSONAL_API_KEY", f"phx_{t(47)}"),
        "algolia-admin": ("ALGOLIA_ADMIN_API_KEY", t(32, HEX)),
        "cloudinary-url": ("CLOUDINARY_URL",
                           f"cloudinary://{t(15, '0123456789')}:{t(27, URLSAFE)}@acme"),
        "openai-project": ("OPENAI_API_KEY", f"sk-proj-{t(74, URLSAFE)}T3BlbkFJ{t(74, URLSAFE)}"),
        "openai-legacy": ("OPENAI_API_KEY", f"sk-{t(20)}T3BlbkFJ{t(20)}"),
        "anthropic": ("ANTHROPIC_API_KEY", f"sk-ant-api03-{t(93, URLSAFE)}AA"),
        "auth-secret": ("AUTH_SECRET", t(43, B64)),
        "github-pat": ("GITHUB_TOKEN", checksummed("ghp_")),
        "github-fine-grained": ("GH_TOKEN", f"github_pat_11{t(20)}_{t(59)}"),
        "aws-access-key": ("AWS_ACCESS_KEY_ID", f"AKIA{t(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}"),
        "aws-secret-key": ("AWS_SECRET_ACCESS_KEY", t(40, B64)),
        "google-api-key": ("GOOGLE_API_KEY", f"AIza{t(35, URLSAFE)}"),
        "slack-bot": ("SLACK_BOT_TOKEN",
                      f"xoxb-{t(12, '0123456789')}-{t(13, '0123456789')}-{t(24)}"),
        "slack-webhook": ("SLACK_WEBHOOK_URL",
                          f"https://hooks.slack.com/services/T{t(10, UPPER_DIGITS)}"
                          f"/B{t(10, UPPER_DIGITS)}/{t(24)}"),
        "twilio-auth-token": ("TWILIO_AUTH_TOKEN", t(32, HEX)),
        "mailgun": ("MAILGUN_API_KEY", f"{t(32, HEX)}-{t(8, HEX)}-{t(8, HEX)}"),
        "postmark": ("POSTMARK_SERVER_TOKEN", _uuid(r)),
        "discord-bot": ("DISCORD_BOT_TOKEN",
                        f"MTI{t(21, URLSAFE)}.{t(6, URLSAFE)}.{t(38, URLSAFE)}"),
        "npm": ("NPM_TOKEN", checksummed("npm_")),
        "pypi": ("PYPI_TOKEN", f"pypi-AgEIcHlwaS5vcmc{t(120, URLSAFE)}"),
        "shopify": ("SHOPIFY_ACCESS_TOKEN", f"shpat_{t(32, HEX)}"),
        "linear": ("LINEAR_API_KEY", f"lin_api_{t(40)}"),
        "doppler": ("DOPPLER_TOKEN", f"dp.st.prd.{t(43)}"),
        "railway": ("RAILWAY_TOKEN", _uuid(r)),
        "vercel": ("VERCEL_TOKEN", t(24)),
        "cloudflare": ("CLOUDFLARE_API_TOKEN", f"cfut_{t(48)}"),
        "private-key": ("PRIVATE_KEY",
                        f"-----BEGIN PRIVATE KEY-----\\n{pem_body}\\n-----END PRIVATE KEY-----"),
        "db-password": ("DB_PASSWORD", pw),
        "basic-auth-url": ("WEBHOOK_TARGET",
                           f"https://deploy:{t(20)}@hooks.{t(6, 'abcdefgh')}.io/notify"),
        "jwt-secret": ("JWT_SECRET", t(48, B64)),
        "gitlab": ("GITLAB_TOKEN", f"glpat-{t(20, URLSAFE)}"),
    }


def decoy_kinds(rng: random.Random | None = None) -> dict[str, tuple[str, str]]:
    """``kind -> (name, value)`` that look like secrets and must not fail a scan."""
    r = rng or _rng

    def t(n: int, alphabet: str = ALNUM) -> str:
        return token(n, alphabet, r)

    return {
        "stripe-publishable": ("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", f"pk_live_{t(99)}"),
        "stripe-test-key": ("STRIPE_SECRET_KEY", f"sk_test_{t(99)}"),
        "clerk-publishable": ("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY", clerk_publishable("test")),
        "supabase-anon": ("NEXT_PUBLIC_SUPABASE_ANON_KEY", supabase_jwt("anon")),
        "supabase-publishable": ("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY",
                                 f"sb_publishable_{t(22, URLSAFE)}_{t(8)}"),
        "posthog-project": ("NEXT_PUBLIC_POSTHOG_KEY", f"phc_{t(43)}"),
        "placeholder": ("API_KEY", "your-api-key-here"),
        "placeholder-prefix": ("STRIPE_SECRET_KEY", "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"),
        "template-ref": ("DB_PASSWORD", "${DB_PASSWORD}"),
        "weak-default": ("password", "password"),
        "local-db": ("DATABASE_URL", "postgres://postgres:postgres@localhost:5432/app"),
        "uuid": ("request_id", _uuid(r)),
        "git-sha": ("commit", t(40, HEX)),
        "sha256": ("checksum", t(64, HEX)),
        "npm-integrity": ("integrity", "sha512-" + t(86, B64) + "=="),
        "data-uri": ("icon", "data:image/png;base64," + t(120, B64)),
        "code-reference": ("token", "get_token()"),
        "env-reference": ("SECRET_KEY", "os.environ['SECRET_KEY']"),
        "sentry-dsn": ("NEXT_PUBLIC_SENTRY_DSN",
                       f"https://{t(32, HEX)}@o{t(6, string.digits)}.ingest.sentry.io/"
                       f"{t(7, string.digits)}"),
        "allow-marked": ("STRIPE_SECRET_KEY", f"sk_live_{t(40)}"),
    }


#: (PEM label, DER length range) of the private keys and certificates people paste into
#: variables: RSA 2048/3072/4096 (PKCS#8 and PKCS#1), EC P-256/P-384, Ed25519, X.509.
_PEM_SHAPES = (
    ("PRIVATE KEY", 1214, 1220), ("PRIVATE KEY", 1790, 1796), ("PRIVATE KEY", 2372, 2378),
    ("RSA PRIVATE KEY", 1190, 1194), ("EC PRIVATE KEY", 121, 121), ("PRIVATE KEY", 138, 138),
    ("PRIVATE KEY", 185, 185), ("PRIVATE KEY", 48, 48), ("CERTIFICATE", 780, 1500),
)


def pem(rng: random.Random | None = None) -> str:
    """A fresh PEM block (no trailing newline) shaped like a real key: random DER bytes of a
    real key's length behind a DER SEQUENCE header, base64 in 64-character lines. Bodies are
    random, so about one in four ends in a short line that looks like ``KEY=``."""
    r = rng or _rng
    label, low, high = r.choice(_PEM_SHAPES)
    size = r.randint(low, high)
    der = b"\x30\x82" + (size - 4).to_bytes(2, "big") + r.randbytes(size - 4)
    body = base64.b64encode(der).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def dotenvx_ciphertext() -> str:
    """A dotenvx value: ``encrypted:`` and the base64 of a fresh random ECIES-sized blob."""
    import secrets

    return "encrypted:" + base64.b64encode(secrets.token_bytes(97 + secrets.randbelow(60))).decode()


def sops_ciphertext(kind: str = "str") -> str:
    """A sops value: ``ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`` of fresh random bytes."""
    import secrets

    def b64(n: int) -> str:
        return base64.b64encode(secrets.token_bytes(n)).decode()

    return (f"ENC[AES256_GCM,data:{b64(8 + secrets.randbelow(40))},iv:{b64(32)},"
            f"tag:{b64(16)},type:{kind}]")

"""Detection: provider rules from the provider files, heuristics, false-positive control."""

from __future__ import annotations

import base64
import secrets

import pytest

from envguard.findings import Severity
from envguard.secrets import Scanner, ScanOptions
from envguard.sources.gitdiff import FilePatch
from tests import fakes

SECRETS = fakes.secret_kinds()
DECOYS = fakes.decoy_kinds()
# Shapes with no prefix (32 hex, UUIDs, 24 alphanumerics) are secrets only by their name.
NAME_ONLY = {"upstash-rest-token", "pusher-secret", "algolia-admin", "aws-secret-key",
             "twilio-auth-token", "mailgun", "postmark", "discord-bot", "railway", "vercel",
             "db-password", "auth-secret", "jwt-secret"}
# The provider files declare these at warning: a URL with a password, a Google API key.
WARNING = {"postgres-url", "redis-url", "google-api-key"}


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def scan(scanner: Scanner, *lines: str, path: str = "config/app.env",
         status: str = "modified") -> list[tuple[int, str, Severity]]:
    patch = FilePatch(path=path, status=status, numbers=list(range(1, len(lines) + 1)),
                      texts=list(lines))
    return [(d.finding.line or 0, d.finding.rule, d.finding.severity)
            for d in scanner.scan_patch(patch)]


SYNTAXES = {
    "dotenv": ("config/staging.env", "{name}={value}"),
    "shell": ("deploy/run.sh", "export {name}='{value}'"),
    "yaml": ("config/app.yaml", "  {lower}: \"{value}\""),
    "json": ("config/app.json", "  \"{lower}\": \"{value}\","),
    "toml": ("config/app.toml", "{lower} = \"{value}\""),
    "python": ("app/settings.py", "{name} = \"{value}\""),
    "typescript": ("src/config.ts", "export const {name}: string = '{value}';"),
}


@pytest.mark.parametrize("kind", sorted(SECRETS))
@pytest.mark.parametrize("syntax", sorted(SYNTAXES))
def test_every_secret_kind_is_found_in_every_syntax(scanner: Scanner, kind: str,
                                                    syntax: str) -> None:
    name, value = SECRETS[kind]
    path, template = SYNTAXES[syntax]
    line = template.format(name=name, lower=name.lower(), value=value)
    found = scan(scanner, "# nothing here", line, path=path)
    want = Severity.WARNING if kind in WARNING else Severity.ERROR
    assert any(n == 2 and sev >= want for n, _, sev in found), (kind, syntax, found)


@pytest.mark.parametrize("kind", sorted(set(SECRETS) - NAME_ONLY))
def test_prefixed_kinds_are_found_without_a_name(scanner: Scanner, kind: str) -> None:
    _, value = SECRETS[kind]
    assert scan(scanner, f"see {value} here", path="notes/readme.txt")


def test_at_least_forty_credential_kinds_come_from_provider_files(scanner: Scanner) -> None:
    assert len(scanner.rules.secret) >= 40
    assert len(SECRETS) >= 47


@pytest.mark.parametrize("kind", sorted(DECOYS))
def test_decoys_do_not_fail_a_scan(scanner: Scanner, kind: str) -> None:
    name, value = DECOYS[kind]
    suffix = "  # envguard: allow" if kind == "allow-marked" else ""
    found = scan(scanner, f"{name}={value}{suffix}", path="config/app.yaml")
    assert all(sev < Severity.ERROR for _, _, sev in found), (kind, found)


def test_test_mode_keys_are_reported_softer_and_configurably() -> None:
    _, value = DECOYS["stripe-test-key"]
    default = scan(Scanner(), f"STRIPE_SECRET_KEY={value}")
    assert default == [(1, "stripe-secret-key", Severity.WARNING)]
    strict = Scanner(options=ScanOptions(test_key_severity=Severity.ERROR))
    assert scan(strict, f"STRIPE_SECRET_KEY={value}")[0][2] is Severity.ERROR


def test_github_checksum_raises_confidence_and_a_bad_one_lowers_severity(scanner: Scanner) -> None:
    good = fakes.checksummed("ghp_")
    bad = good[:-1] + ("A" if good[-1] != "A" else "B")
    patch = FilePatch(path="x.env", numbers=[1, 2], texts=[f"T={good}", f"U={bad}"])
    (one, two) = scanner.scan_patch(patch)
    assert one.finding.extra["confidence"] == "high" and one.finding.severity is Severity.ERROR
    assert two.finding.extra["confidence"] == "low" and two.finding.severity is Severity.WARNING


def test_jwt_role_claim_decides_secret_or_public(scanner: Scanner) -> None:
    service = fakes.supabase_jwt("service_role")
    anon = fakes.supabase_jwt("anon")
    assert scan(scanner, f"KEY={service}")[0][1] == "supabase-service-role-key"
    assert all(sev < Severity.ERROR for _, _, sev in scan(scanner, f"ANON_KEY={anon}"))


def test_clerk_publishable_structure_is_public(scanner: Scanner) -> None:
    assert scan(scanner, f"NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY={fakes.clerk_publishable()}") == []


def test_name_disambiguates_same_prefix_providers(scanner: Scanner) -> None:
    value = f"sk_live_{fakes.token(43)}"
    assert scan(scanner, f"CLERK_SECRET_KEY={value}")[0][1] == "clerk-secret-key"
    assert scan(scanner, f"STRIPE_SECRET_KEY={value}")[0][1] == "stripe-secret-key"


@pytest.mark.parametrize("line", [
    "password = get_password()",
    "token = request.headers['x-token']",
    "SECRET_KEY = os.environ['SECRET_KEY']",
    "API_KEY=${API_KEY}",
    "api_key: {{ vault_api_key }}",
    "TOKEN_EXPIRY=3600",
    "max_tokens = 4096",
    "credential = \"stripe-secret-key\"",
    "WaitForTaskToken = \"waitForTaskToken\"",
    "password: \"password\"",
    "DB_PASSWORD=changeme",
    "secret_path = \"/run/secrets/db_password\"",
    "integrity \"sha512-" + "A" * 20 + fakes.token(60) + "==\"",
    "url = \"postgres://postgres:postgres@localhost:5432/app\"",
    "url = \"https://user:password@example.com/x\"",
    "if line.startswith(\"-----BEGIN RSA PRIVATE KEY-----\"):",
    "headers = {\"Authorization\": \"Bearer <YOUR_TOKEN>\"}",
    "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
    "uuid = \"" + fakes._uuid() + "\"",
    "sha = \"" + fakes.token(40, fakes.HEX) + "\"",
    "icon = \"data:image/png;base64," + fakes.token(200, fakes.B64) + "\"",
])
def test_false_positive_control(scanner: Scanner, line: str) -> None:
    assert scan(scanner, line, path="app/settings.py") == []


def test_documented_example_keys_are_not_findings(scanner: Scanner) -> None:
    aws = "AKIA" + "IOSFODNN7" + "EXAMPLE"  # AWS's documentation key id, assembled here
    assert scan(scanner, f"AWS_ACCESS_KEY_ID={aws}") == []


def test_minified_bundles_only_get_prefixed_rules(scanner: Scanner) -> None:
    stripe = SECRETS["stripe-secret"][1]
    noise = ";".join(f"a.token=\"{fakes.token(24)}\"" for _ in range(60))
    found = scan(scanner, noise + f";k=\"{stripe}\"", path="dist/app.min.js")
    assert [rule for _, rule, _ in found] == ["stripe-secret-key"]


def test_inline_allow_markers(scanner: Scanner) -> None:
    value = SECRETS["stripe-secret"][1]
    assert scan(scanner, f"K={value}  # envguard: allow") == []
    assert scan(scanner, f"K={value}  # pragma: allowlist secret") == []
    assert scan(scanner, "# pragma: allowlist nextline secret", f"K={value}") == []
    assert scan(scanner, "# unrelated", f"K={value}")


def test_pem_block_spread_over_added_lines(scanner: Scanner) -> None:
    body = [fakes.token(64, fakes.B64) for _ in range(3)]
    lines = ["x = 1", "-----BEGIN OPENSSH PRIVATE KEY-----", *body,
             "-----END OPENSSH PRIVATE KEY-----"]
    assert scan(scanner, *lines, path="deploy/id_key") == [(2, "private-key", Severity.ERROR)]


def test_test_paths_soften_guesses_but_not_provider_keys(scanner: Scanner) -> None:
    stripe = SECRETS["stripe-secret"][1]
    found = scan(scanner, f"K = \"{stripe}\"", "password = \"Zx81#kdLq29a\"",
                 path="tests/test_api.py")
    assert found == [(1, "stripe-secret-key", Severity.ERROR),
                     (2, "secret-assignment", Severity.WARNING)]


@pytest.mark.parametrize(("path", "expected"), [
    (".env", Severity.ERROR), ("app/.env.local", Severity.ERROR),
    (".env.production", Severity.ERROR), (".env.development", Severity.WARNING),
    (".env.example", None), (".env.sample", None), (".env.tpl", None),
    # a backup or an env file named the other way round holds real values too
    (".env.bak", Severity.WARNING), (".env.orig", Severity.WARNING),
    ("deploy/prod.env", Severity.ERROR), ("staging.env", Severity.WARNING),
])
def test_real_env_file_being_added(scanner: Scanner, path: str,
                                   expected: Severity | None) -> None:
    found = [f for f in scan(scanner, "PORT=3000", "SESSION_SECRET=" + fakes.token(40),
                             path=path, status="added") if f[1] == "env-file-committed"]
    assert found == ([] if expected is None else [(2, "env-file-committed", expected)])


def test_env_file_with_placeholders_only_is_fine(scanner: Scanner) -> None:
    found = scan(scanner, "API_KEY=your-api-key-here", "SECRET=", path=".env", status="added")
    assert found == []


def test_excluded_paths_are_skipped() -> None:
    scanner = Scanner(options=ScanOptions(exclude=("vendor/", "*.lock")))
    value = SECRETS["stripe-secret"][1]
    assert scan(scanner, f"K={value}", path="vendor/lib/x.py") == []
    assert scan(scanner, f"K={value}", path="deep/poetry.lock") == []
    assert scan(scanner, f"K={value}", path="src/x.py")


def test_detect_secrets_adds_breadth_for_kinds_no_provider_declares(scanner: Scanner) -> None:
    value = SECRETS["gitlab"][1]
    (found,) = scanner.scan_patch(FilePatch(path="ci.yml", numbers=[7], texts=[f"t: {value}"]))
    assert found.finding.rule == "ds-gitlab-token"
    assert found.finding.extra["detector"].startswith("detect-secrets")


def test_findings_carry_provider_mode_and_fingerprint(scanner: Scanner) -> None:
    value = SECRETS["stripe-secret"][1]
    patch = FilePatch(path="a.env", commit="c" * 40, numbers=[3],
                      texts=[f"STRIPE_SECRET_KEY={value}"])
    (d,) = scanner.scan_patch(patch)
    data = d.finding.to_dict()
    assert data["file"] == "a.env" and data["line"] == 3
    assert data["provider"] == "stripe" and data["mode"] == "live"
    assert data["commit"] == "c" * 40 and len(data["fingerprint"]) == 16
    assert value not in repr(d) and value not in str(data)


def test_pem_header_followed_by_prose_is_not_a_key(scanner: Scanner) -> None:
    lines = ('    """A header alone (``startswith("-----BEGIN RSA PRIVATE KEY-----")``)',
             "    is not a key: the lines after it are prose, not base64 key material, even",
             "    when there are more than enough letters in them to look like a body.",
             '    """')
    assert scan(scanner, *lines, path="src/parser.py") == []


def test_pem_block_spread_over_lines_is_a_key(scanner: Scanner) -> None:
    body = [fakes.token(64, fakes.ALNUM + "+/") for _ in range(4)]
    lines = ("-----BEGIN RSA PRIVATE KEY-----", *body, "-----END RSA PRIVATE KEY-----")
    assert [(n, rule) for n, rule, _ in scan(scanner, *lines, path="keys/id_rsa")] == [
        (1, "private-key")]


@pytest.mark.parametrize("path", ["config/app.json", "settings.yaml", "app.toml",
                                  "package.json", "deploy/.env"])
def test_one_line_config_is_not_a_minified_bundle(scanner: Scanner, path: str) -> None:
    """A one-line JSON of 1000+ characters was taken for a bundle: its secret-named
    literals went unreported."""
    password = fakes.password()
    pad = ",".join(f'"k{i}":"{fakes.token(12)}"' for i in range(60))
    line = "{" + pad + f',"db_password":"{password}"' + "}"
    assert len(line) > 1000 and line.count(" ") == 0
    rules = [rule for _, rule, _ in scan(scanner, line, path=path)]
    assert "secret-assignment" in rules
    assert [r for _, r, _ in scan(scanner, line, path="dist/app.js")] == []  # real bundle


def test_many_private_key_headers_on_one_line_scan_in_linear_time() -> None:
    """A 1 MB line of ``-----BEGIN ... PRIVATE KEY-----`` headers took 15 s: each header
    read the rest of the line, and each hit was compared with every kept one. Doubling
    series: the time ratio between n and 8n must stay far below the quadratic 64."""
    import time

    scanner = Scanner()
    header = "-----BEGIN RSA PRIVATE KEY-----"

    def cost(n: int) -> float:
        patch = FilePatch(path="a.txt", status="file", numbers=[1], texts=[header * n])
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            scanner.scan_patch(patch)
            best = min(best, time.perf_counter() - start)
        return best

    cost(200)  # warm up: rules compiled, caches filled
    times = [cost(n) for n in (1000, 2000, 4000, 8000)]
    assert times[3] / times[0] < 24, times  # linear is ~8, quadratic ~64


# -- confidence of heuristic hits (heuristics.grade) ------------------------------------


def confidences(scanner: Scanner, *lines: str,
                path: str = "config/app.yaml") -> list[tuple[str, str]]:
    patch = FilePatch(path=path, status="modified", numbers=list(range(1, len(lines) + 1)),
                      texts=list(lines))
    return [(d.finding.rule, d.finding.extra["confidence"]) for d in scanner.scan_patch(patch)]


STRONG = fakes.token(28, fakes.ALNUM)  # long, mixed letters and digits
WEAK = fakes.token(13, fakes.HEX + "ghijklmnop")  # passes the floor, but short and one-case


@pytest.mark.parametrize(("line", "path", "expected"), [
    (f"STRIPE_SECRET={STRONG}", "deploy/app.env", "medium"),
    (f"DB_PASSWORD={STRONG}", "deploy/app.env", "medium"),
    (f"PASSWORD={STRONG}", "deploy/app.env", "medium"),  # a password word alone is specific
    (f"apiToken = \"{STRONG}\"", "src/client.ts", "medium"),
    (f"token = \"{STRONG}\"", "src/client.ts", "low"),  # a bare secret word: generic
    (f"settings.secret = \"{STRONG}\"", "src/client.ts", "low"),
    (f"DB_PASSWORD={WEAK}", "deploy/app.env", "low"),  # a low-entropy value
    (f"DB_PASSWORD={STRONG}", "tests/fixtures/app.env", "low"),  # a fixture path
    (f"DB_PASSWORD={STRONG}", "docs/setup.env", "low"),
])
def test_assignment_confidence_is_graded_by_name_value_and_path(
        scanner: Scanner, line: str, path: str, expected: str) -> None:
    assert confidences(scanner, line, path=path) == [("secret-assignment", expected)]


@pytest.mark.parametrize(("host", "password", "path", "expected"), [
    ("db.prod.acme-corp.io", STRONG, "config/app.yaml", "medium"),
    ("10.1.2.3", STRONG, "config/app.yaml", "medium"),
    ("db.prod.acme-corp.io", "Hunt3r" + "x" + "19", "config/app.yaml", "low"),  # guessable
    ("db.prod.acme-corp.io", STRONG, "examples/app.yaml", "low"),
    ("db.cluster-7", STRONG, "config/app.yaml", "low"),  # no real top-level label
])
def test_url_credentials_confidence(scanner: Scanner, host: str, password: str, path: str,
                                    expected: str) -> None:
    line = f"url: ftp://app:{password}@{host}:21/in"
    assert confidences(scanner, line, path=path) == [("url-credentials", expected)]


def test_plugin_and_env_file_findings_say_their_confidence(scanner: Scanner) -> None:
    assert confidences(scanner, f"t: {SECRETS['gitlab'][1]}", path="ci.yml") == [
        ("ds-gitlab-token", "medium")]
    patch = FilePatch(path=".env", status="added", numbers=[1],
                      texts=[f"SESSION_SECRET={fakes.token(40)}"])
    found = {d.finding.rule: d.finding.extra["confidence"] for d in scanner.scan_patch(patch)}
    assert found["env-file-committed"] == "high"


# -- Authorization headers and curl -u ----------------------------------------------------


def _basic(user: str, password: str) -> str:
    import base64

    return base64.b64encode(f"{user}:{password}".encode()).decode()


def test_basic_header_is_reported_when_it_decodes_to_a_real_login_or_to_no_text(
        scanner: Scanner) -> None:
    """A login with a stand-in password is quiet; an opaque random value sent as Basic
    (an API key, base64 of random bytes) is a credential whatever it decodes to."""
    real = _basic("deploy", fakes.password())
    opaque = base64.b64encode(secrets.token_bytes(30)).decode()
    for value in (real, opaque):
        assert confidences(scanner, f'curl -H "Authorization: Basic {value}" https://api.acme.io',
                           path="scripts/sync.sh") == [("authorization-header", "medium")]
    quiet = [_basic("admin", "admin"), _basic("user", "password"), _basic("me", "${PASS}"),
             base64.b64encode(b"plain text, not a login").decode(),
             _basic("bob", "changeme"), _basic("nouser", "")]
    for value in quiet:
        line = f'curl -H "Authorization: Basic {value}" https://api.acme.io'
        assert confidences(scanner, line, path="scripts/sync.sh") == [], value


def test_authorization_header_without_a_scheme(scanner: Scanner) -> None:
    value = fakes.token(40, fakes.ALNUM)
    for line in (f'curl -H "Authorization: {value}" https://api.acme.io',
                 f"Authorization: {value}",
                 f'headers = {{"Authorization": "{value}"}}'):
        assert confidences(scanner, line, path="scripts/sync.py") == [
            ("authorization-header", "medium")], line
    for line in ('curl -H "Authorization: $API_TOKEN" https://api.acme.io',
                 'Authorization: AWS4-HMAC-SHA256 Credential=' + "AKID" + "/20240101/s3",
                 'headers = {"Authorization": config.auth.headerValue}',
                 'Authorization: <your-api-token-goes-here>'):
        assert confidences(scanner, line, path="scripts/sync.py") == [], line


def test_curl_user_password(scanner: Scanner) -> None:
    pw = fakes.password()
    found = [("curl-credentials", "medium")]
    for line in (f"curl -u deploy:{pw} https://api.acme.io/v1",
                 f"curl --user 'deploy:{pw}' https://api.acme.io/v1",
                 f"curl -sS -udeploy:{pw} https://api.acme.io/v1",
                 f"curl --user ops@acme.io:'{pw}' -X PATCH https://api.acme.io/v1"):
        assert confidences(scanner, line, path="scripts/sync.sh") == found, line
    # a multi-line command: -u on a continuation line
    assert confidences(scanner, "curl -sS https://api.acme.io/v1 \\", f"  -u deploy:{pw} \\",
                       "  -d @body.json", path="scripts/sync.sh") == found
    assert confidences(scanner, f"curl -u deploy:{pw} https://x.acme.io",
                       path="docs/api.md") == [("curl-credentials", "low")]
    for line in ("curl -u deploy https://api.acme.io",  # curl prompts for the password
                 "curl -u \"$USER:$PASS\" https://api.acme.io",
                 "curl -u admin:admin https://api.acme.io",
                 "curl -u user:password https://api.acme.io",
                 f"docker run -u app:{pw} image",  # not curl: a user and a group
                 f"sudo -u app:{pw} ls; curl https://acme.io"):  # -u before curl
        assert confidences(scanner, line, path="scripts/sync.sh") == [], line


def test_curl_api_key_as_user_and_custom_authorization_schemes(scanner: Scanner) -> None:
    key = fakes.token(32, fakes.ALNUM)
    for line in (f"curl -u {key}: https://api.acme.io/v1/charges",
                 f'curl -u "{key}:" https://api.acme.io/v1',
                 f'curl -H "Authorization: Api-Token {key}" https://api.acme.io',
                 f"curl -H 'Authorization: SSWS {key}' https://acme.okta.com/api/v1/users"):
        assert confidences(scanner, line, path="scripts/sync.sh") == [
            (("curl-credentials" if " -u " in line else "authorization-header"), "medium")], line
    for line in ("curl -u deploy: https://api.acme.io",  # curl asks for the password
                 "curl -u $STRIPE_KEY: https://api.stripe.com",
                 'curl -H "Authorization: Api-Token $TOKEN" https://api.acme.io',
                 "curl -H 'Authorization: Bearer' https://api.acme.io"):
        assert confidences(scanner, line, path="scripts/sync.sh") == [], line


def test_xml_element_and_attribute_values(scanner: Scanner) -> None:
    value = fakes.token(28, fakes.ALNUM)

    def found(text: str, path: str) -> list[tuple[str, int, int | None]]:
        lines = text.split("\n")
        patch = FilePatch(path=path, status="modified", numbers=list(range(1, len(lines) + 1)),
                          texts=lines)
        return [(d.finding.rule, d.finding.line or 0, d.finding.column)
                for d in scanner.scan_patch(patch)]

    for text, path in ((f"<apiToken>{value}</apiToken>", "conf/app.xml"),
                       (f'<string name="maps_api_key">{value}</string>', "res/values/keys.xml"),
                       (f'<add key="PaymentApiSecret" value="{value}" />', "web.config"),
                       (f"<settings>\n  <apiToken>\n    {value}\n  </apiToken>\n</settings>",
                        "conf/app.xml")):
        [(rule, line, column)] = found(text, path)
        assert rule == "secret-assignment", text
        assert column is not None
        assert text.split("\n")[line - 1][column - 1:].startswith(value), text
    for text in ("<apiToken>${API_TOKEN}</apiToken>",
                 '<add key="PaymentApiSecret" value="%PAYMENT_API_SECRET%" />',
                 f"<apiToken>\n  {value}\n</otherTag>",  # not that element's value
                 f"<title>{value}</title>",
                 f'<input type="hidden" name="authenticity_token" value="{value}" />'):
        assert found(text, "conf/app.xml") == [], text


def test_js_fallbacks_and_a_name_before_a_token_in_a_comment(scanner: Scanner) -> None:
    value = fakes.token(28, fakes.ALNUM)
    for line, path in ((f'const secret = process.env.AUTH_SECRET ?? "{value}";', "src/env.ts"),
                       (f'const t = process.env.API_TOKEN || "{value}"', "src/env.js"),
                       (f"# TODO remove before release: payments_api_token {value}", "app/x.py"),
                       (f"- rotate: stripeApiSecret {value}", "docs/NOTES.md")):
        assert [r for _, r, _ in scan(scanner, line, path=path)] == ["secret-assignment"], line
    for line, path in ((f"if api_token {value}:", "app/x.py"),  # code, not a comment
                       ("# the api_token field holds the key", "app/x.py"),
                       (f"# token {value}", "app/x.py"),  # one word: no name at all
                       ('const t = process.env.API_TOKEN || "changeme"', "src/env.js")):
        assert scan(scanner, line, path=path) == [], line

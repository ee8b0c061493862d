"""detect-secrets' regex plugins, for credential kinds no provider file declares.

The plugins are imported on first use, when a line holds one of their keywords: a
scan of a diff that contains none pays nothing, and ``import envguard`` never imports
detect_secrets (which imports requests, ~130 ms). Only ``analyze_string`` is called:
it needs no global settings (``analyze_line`` and ``scan_line`` read and mutate them)
and never goes to the network (verification does).

Left out on purpose: the keyword and entropy plugins (the assignment heuristic does
that job without flagging every quoted hash), JWT (flags every public anon key),
basic auth and private keys (own detectors), public IPs (not credentials).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

#: Plugin class -> (module under detect_secrets.plugins, lowercase prefilter keywords).
PLUGINS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ArtifactoryDetector": ("artifactory", ("akc", "artifactory")),
    "AzureStorageKeyDetector": ("azure_storage_key", ("accountkey=",)),
    "CloudantDetector": ("cloudant", ("cloudant",)),
    "GitLabTokenDetector": ("gitlab_token", (
        "glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "gr1348941", "glcbt-", "glimt-",
        "glptt-", "glagent-", "gloas-")),
    "IbmCloudIamDetector": ("ibm_cloud_iam", ("ibm",)),
    "IbmCosHmacDetector": ("ibm_cos_hmac", ("ibm", "secret_access_key", "secret-access-key")),
    "MailchimpDetector": ("mailchimp", ("-us",)),
    "SoftlayerDetector": ("softlayer", ("softlayer",)),
    "SquareOAuthDetector": ("square_oauth", ("sq0csp-",)),
    "TelegramBotTokenDetector": ("telegram_token", (":aa",)),
    "DiscordBotTokenDetector": ("discord", ("discord",)),
    "AWSKeyDetector": ("aws", ("akia", "asia", "abia", "acca", "a3t")),
    "GitHubTokenDetector": ("github_token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    "NpmDetector": ("npm", ("_authtoken",)),
    "OpenAIDetector": ("openai", ("t3blbkfj",)),
    "PypiTokenDetector": ("pypi_token", ("pypi-age",)),
    "SendGridDetector": ("sendgrid", ("sg.",)),
    "SlackDetector": ("slack", ("xox", "hooks.slack.com")),
    "StripeDetector": ("stripe", ("sk_live_", "rk_live_")),
    "TwilioKeyDetector": ("twilio", ("twilio",)),
}  # fmt: skip


#: Plugin class -> its ``secret_type``, so the rule registry names the ``ds-`` ids without
#: importing detect_secrets (``tests/test_registry.py`` checks this against the classes).
SECRET_TYPES: dict[str, str] = {
    "ArtifactoryDetector": "Artifactory Credentials",
    "AzureStorageKeyDetector": "Azure Storage Account access key",
    "CloudantDetector": "Cloudant Credentials",
    "GitLabTokenDetector": "GitLab Token",
    "IbmCloudIamDetector": "IBM Cloud IAM Key",
    "IbmCosHmacDetector": "IBM COS HMAC Credentials",
    "MailchimpDetector": "Mailchimp Access Key",
    "SoftlayerDetector": "SoftLayer Credentials",
    "SquareOAuthDetector": "Square OAuth Secret",
    "TelegramBotTokenDetector": "Telegram Bot Token",
    "DiscordBotTokenDetector": "Discord Bot Token",
    "AWSKeyDetector": "AWS Access Key",
    "GitHubTokenDetector": "GitHub Token",
    "NpmDetector": "NPM tokens",
    "OpenAIDetector": "OpenAI Token",
    "PypiTokenDetector": "PyPI Token",
    "SendGridDetector": "SendGrid API Key",
    "SlackDetector": "Slack Token",
    "StripeDetector": "Stripe Access Key",
    "TwilioKeyDetector": "Twilio API Key",
}


def keywords() -> dict[str, tuple[str, ...]]:
    return {name: words for name, (_, words) in PLUGINS.items()}


def rule_id(secret_type: str) -> str:
    """``GitLab Token`` -> ``ds-gitlab-token``: stable ids under their own prefix."""
    return "ds-" + re.sub(r"[^a-z0-9]+", "-", secret_type.lower()).strip("-")


class PluginRunner:
    """Instantiates each plugin once, on first use."""

    def __init__(self) -> None:
        self._instances: dict[str, Any] = {}

    def _get(self, name: str) -> Any:
        if name not in self._instances:
            module, _ = PLUGINS[name]
            cls = getattr(importlib.import_module(f"detect_secrets.plugins.{module}"), name)
            self._instances[name] = cls()
        return self._instances[name]

    def analyze(self, name: str, text: str) -> list[tuple[str, str, int]]:
        """``(secret_type, value, start)`` for each secret the plugin's regexes see.

        The plugins' own ``analyze_string`` uses ``findall``, which returns a capture
        group when the pattern has one, and for some (GitLab's) that group is only the
        prefix. Here the longest group is the secret when it is long enough to be one,
        else the whole match.
        """
        plugin = self._get(name)
        out: list[tuple[str, str, int]] = []
        for regex in plugin.denylist:
            for m in regex.finditer(text):
                groups = [(m.group(i), m.start(i)) for i in range(1, (regex.groups or 0) + 1)
                          if m.group(i)]
                value, start = max(groups, key=lambda g: len(g[0]), default=("", 0))
                if len(value) < 12:
                    value, start = m.group(0), m.start()
                out.append((str(plugin.secret_type), value, start))
        return out

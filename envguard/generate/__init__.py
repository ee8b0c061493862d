"""Files envguard writes for a team: a schema from a template (``envguard init``) and a
template from a schema (``envguard example``).

Generators sit above validation (``init`` checks its own output with the same checks
``envguard check`` runs) and below the commands; nothing else imports them.
"""

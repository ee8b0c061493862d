"""pre-commit hooks: each module is a thin ``main(argv) -> int`` over envguard."""

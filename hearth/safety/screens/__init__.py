"""The relationship check's data file (TOML), read by ``hearth.safety.coercion``."""

"""Data files for Hearth's own screens (TOML). Read by ``hearth.safety.coercion``."""

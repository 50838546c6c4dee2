"""Policy files shipped with Hadir (TOML); read them with ``bundled_policy_text``."""

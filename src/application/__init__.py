"""Use cases of My Star and the ports they need (no framework imports)."""

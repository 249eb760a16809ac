"""Implementations of the application's ports: databases, hashing, tokens, the clock."""

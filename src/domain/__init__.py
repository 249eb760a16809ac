"""The business rules of My Star: entities, value objects and domain errors (standard library only)."""

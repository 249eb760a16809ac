"""The ways into My Star: the HTTP app, the command line, and the composition root that wires them."""

"""Scenario files: the keys as data (schema), the walk that checks them (validate),
YAML and vendors' overrides to a validated Scenario (config), and the shipped templates."""

"""Event extraction: trigger lexicon + positional actor rules → PLOVER/CAMEO-coded events."""

"""Settings are split into base (everything), dev, test and production (environment only)."""

"""The deterministic sample estate behind sample.db, one step per module."""

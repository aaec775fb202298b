"""Data in and out: JSON Lines, merge, 12345 work orders, Open311, backup."""

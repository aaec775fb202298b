"""The estate: its model, its definition file, input resolution, and duty as spans of dates."""

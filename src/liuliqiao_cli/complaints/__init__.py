"""Complaints: record, read, recognise, route, typed input, lifecycle, search, undo, contacts."""

"""Meetings: agenda, attendance, decisions, and the dossier built for each meeting."""

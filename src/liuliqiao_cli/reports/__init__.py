"""Reports: periods, the weekly summary, recurring problems and the three rates."""

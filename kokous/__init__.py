"""Kokous: preparation and decision-making of Finnish public bodies."""

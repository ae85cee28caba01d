"""Plain-Python core: dates, temporal tagging, text cleaning, actors. No Qt, no database."""

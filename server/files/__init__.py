"""Activity and workout files (FIT, TCX, GPX) in and out: pure, no HTTP and no database."""

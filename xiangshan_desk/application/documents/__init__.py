"""Word and Excel output."""

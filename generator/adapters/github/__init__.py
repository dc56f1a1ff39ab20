"""GitHub: a small REST client, reminder issues and comment commands."""

"""From disk to the model: every value keeps the file and line it came from."""

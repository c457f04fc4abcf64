"""What keeps a marginalia site from being built without marginalia by another engine."""

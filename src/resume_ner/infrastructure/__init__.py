"""ML plumbing: config, paths, naming, fingerprints, metadata, tracking, storage, platforms."""

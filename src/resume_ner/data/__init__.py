"""Resume datasets: annotation loaders, processing to BIO windows, datasets, manifests."""

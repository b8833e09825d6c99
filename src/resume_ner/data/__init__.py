"""Resume datasets: loaders for annotation formats, processing to BIO windows, datasets, manifests."""
